/**
 * The words every part says the same way: the five kinds, the four statuses, the four escalation
 * levels and the roles. The public pages, the console, the officer's page and inbox, the timeline
 * and the SMS all take them from here, so a status has one word everywhere.
 */
const zhCN = {
  kind: { tip: '举报线索', dispute: '矛盾纠纷', hazard: '安全隐患', service: '办事咨询', help: '求助' },
  status: { received: '待签收', acknowledged: '已签收', in_progress: '办理中', resolved: '已办结' },
  level: { 1: '驻村民警', 2: '中心警务室', 3: '派出所', 4: '县局值班台' },
  role: {
    officer: '驻村民警',
    assistant: '警务助理',
    office: '中心警务室',
    station: '派出所',
    informant: '信息员',
    bureau: '县公安局',
    system: '系统',
    resident: '群众',
    defence: '联防队员',
    escalation: '上级值班人员',
  },
  urgent: '紧急',
  overdue: '已超时',
};

export default zhCN;
