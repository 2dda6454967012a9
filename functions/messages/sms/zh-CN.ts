/**
 * The words of every SMS (functions/domain/sms-templates.ts says which parameters each type takes
 * and renders it). Per type: `template`, the text a county on a domestic provider registers (its
 * `{name}` variables are the type's parameters; `{@workbench}` and `{@site}` are the county's own
 * addresses, written in when the template is printed for registration), and `text`, the wording where
 * SMS go as text (Amazon SNS, the outbox), which may add the resident's words (`{excerpt}`) and the
 * recipient's link (`{link}`); `link` and `noLink` say what stands at `{link}` with and without one
 * (a space before the address unless they say otherwise).
 */
const zhCN = {
  /** The signature in front of a text SMS; a domestic provider adds the registered one instead. */
  signature: '【{county}村警】',
  /** Where a registered template sends officers ({@workbench}) and residents ({@site}). */
  workbench: '村警工作台',
  /** A space after the address, so the phone does not read the next word as part of the link. */
  workbenchAt: '村警工作台 {url} ',
  site: '村警网站',
  siteAt: '村警网站 {url} ',
  /** The urgent word (words.urgent) in front of a kind or a case number. */
  urgentMark: '{urgent}',
  /** The case's kind as an assignment or a transfer names it. */
  label: { new: '新{kind}', newUrgent: '{kind}', transferred: '转交{kind}' },
  /** Who filed a case for a resident, in a transfer's text. */
  filedBy: '（信息员{name}代报）',
  /** Who answered the officer's question about a tip (otherwise the resident, words.role.resident). */
  tipster: '举报人',
  /** The resident's words with the place they gave, after them or (urgent help) before them. */
  placeAfter: '{description}（{location}）',
  placeBefore: '{location}：{description}',
  types: {
    assignment: {
      template: '{label}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      text: '{label}{caseNumber} {village}：{excerpt}{link}',
    },
    filed: {
      template: '{label}，编号{caseNumber}，{village}，信息员{informant}代报，请登录{@workbench}处理。',
      text: '{label}{caseNumber} {village}（信息员{informant}代报）：{excerpt}{link}',
    },
    transfer: {
      template: '{label}，编号{caseNumber}，{village}，已转交给您，请登录{@workbench}处理。',
      // Text mode also says who filed it (`filed`: nothing, or filedBy).
      text: '{label}{caseNumber} {village}{filed}：{excerpt}{link}',
    },
    reopened: {
      template: '群众反映未解决：{kind}，编号{caseNumber}，{village}，已退回重新办理，请登录{@workbench}处理。',
      text: '群众反映未解决，重新办理{urgent}{caseNumber} {village}：{excerpt}{link}',
    },
    defence: {
      template: '{village}紧急求助，请就近协助，已通知民警{officer}，编号{caseNumber}。',
      text: '{village}紧急求助，请就近协助，已通知民警{officer}。{excerpt}',
    },
    escalation: {
      template: '超时未签收，已上报至第{level}级：{kind}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      text: '超时未签收，已上报：{kind}{caseNumber} {village}：{excerpt}{link}',
    },
    reported_up: {
      template: '上报：{kind}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      text: '上报：{kind}{caseNumber} {village}，{excerpt}{link}',
    },
    assigned: {
      template: '下派：{kind}，编号{caseNumber}，{village}，请登录{@workbench}处理。',
      text: '下派：{kind}{caseNumber} {village}：{excerpt}{link}',
    },
    answer: {
      template: '{kind}案件{caseNumber}的{who}已回复提问，请登录{@workbench}查看。',
      text: '{urgent}{caseNumber} {who}回复：{excerpt}{link}',
    },
    resident_ack: {
      template: '您反映的{caseNumber}已由民警签收，正在办理。',
    },
    resident_resolved: {
      template: '您反映的{caseNumber}已办结，欢迎凭查询码到{@site}评价。',
      text: '您反映的{caseNumber}已办结，欢迎评价{link}',
      link: '：{url}',
      noLink: '。',
    },
    login: {
      // auth.ts's CODE_MINUTES written out (a test holds them equal).
      template: '登录验证码{code}，5分钟内有效。请勿告诉他人。',
    },
    digest: {
      template: '{village}自{since}起有{count}起新案件（未逐条短信通知），请登录{@workbench}查看。',
      text: '{village}自{since}起有{count}起新案件（未逐条短信通知），请查看：{link}',
      link: '{url}',
    },
  },
};

export default zhCN;
