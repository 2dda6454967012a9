/** English: the same keys as zh-CN.ts (the type checker holds them together). */
import type { SmsMessages } from '../index.ts';

const en: SmsMessages = {
  signature: '[{county} Police] ',
  workbench: 'Cunjing inbox',
  workbenchAt: 'Cunjing inbox ({url})',
  site: 'Cunjing portal',
  siteAt: 'portal ({url})',
  urgentMark: '{urgent} ',
  label: { new: 'New {kind}', newUrgent: 'New {kind}', transferred: 'Transferred {kind}' },
  filedBy: ' (filed by information officer {name})',
  tipster: 'tipster',
  placeAfter: '{description} ({location})',
  placeBefore: '{location}: {description}',
  types: {
    assignment: {
      template: '{label} {caseNumber}, {village}. Please handle it in the {@workbench}.',
      text: '{label} {caseNumber}, {village}: {excerpt}{link}',
    },
    filed: {
      template: '{label} {caseNumber}, {village}, filed by information officer {informant}. Please handle it in the {@workbench}.',
      text: '{label} {caseNumber}, {village} (filed by information officer {informant}): {excerpt}{link}',
    },
    transfer: {
      template: '{label} {caseNumber}, {village}, now yours. Please handle it in the {@workbench}.',
      text: '{label} {caseNumber}, {village}{filed}: {excerpt}{link}',
    },
    reopened: {
      template: 'Reopened, resident says not fixed: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
      text: 'Reopened, resident says not fixed: {urgent}{caseNumber}, {village}: {excerpt}{link}',
    },
    defence: {
      template: 'URGENT help in {village}, please assist; officer {officer} notified, case {caseNumber}.',
      text: 'URGENT help in {village}, please assist; officer {officer} notified. {excerpt}',
    },
    escalation: {
      template: 'Not acknowledged in time, now yours at level {level}: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
      text: 'Not acknowledged in time, now yours: {kind} {caseNumber}, {village}: {excerpt}{link}',
    },
    reported_up: {
      template: 'Reported up to you: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
      text: 'Reported up to you: {kind} {caseNumber}, {village}: {excerpt}{link}',
    },
    assigned: {
      template: 'Assigned to you: {kind} {caseNumber}, {village}. Please handle it in the {@workbench}.',
      text: 'Assigned to you: {kind} {caseNumber}, {village}: {excerpt}{link}',
    },
    answer: {
      template: 'The {who} answered your question on {kind} {caseNumber}. Read it in the {@workbench}.',
      text: '{urgent}{caseNumber}: the {who} answered: {excerpt}{link}',
    },
    resident_ack: {
      template: 'Your report {caseNumber} was acknowledged by the officer and is being handled.',
    },
    resident_resolved: {
      template: 'Your report {caseNumber} is resolved. Please rate how it was handled with your tracking code on the {@site}.',
      text: 'Your report {caseNumber} is resolved. Please rate how it was handled{link}',
      link: ': {url}',
      noLink: '.',
    },
    login: {
      template: 'Your sign-in code is {code}. It expires in 5 minutes. Never tell it to anyone.',
    },
    digest: {
      template: '{count} new cases in {village} since {since} (no SMS each); see the {@workbench}.',
      text: '{count} new cases in {village} since {since} (no SMS each); see {link}',
      link: '{url}',
    },
  },
};

export default en;
