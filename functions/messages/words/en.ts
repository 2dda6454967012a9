/** English: the same keys as zh-CN.ts (the type checker holds them together). */
import type { Words } from '../index.ts';

const en: Words = {
  kind: { tip: 'Crime tip', dispute: 'Dispute', hazard: 'Hazard', service: 'Service question', help: 'Help request' },
  status: { received: 'Awaiting acknowledgement', acknowledged: 'Acknowledged', in_progress: 'In progress', resolved: 'Resolved' },
  level: { 1: 'village officer', 2: 'central police office', 3: 'police station', 4: 'bureau duty desk' },
  role: {
    officer: 'village officer',
    assistant: 'police assistant',
    office: 'central police office',
    station: 'police station',
    informant: 'information officer',
    bureau: 'county bureau',
    system: 'system',
    resident: 'resident',
    defence: 'joint-defence contact',
    escalation: 'duty officer above',
  },
  urgent: 'URGENT',
  overdue: 'overdue',
};

export default en;
