/**
 * The words of a case's timeline entries, per audience: the resident (the track page and the API's
 * `text`) reads "您", the staff (the console and the officer's case page) read "群众". Generated
 * entries store a type and parameters; the text is made when read (functions/domain/timeline-text.ts).
 * Placeholders: {role} {level} {status} {score} {text} {village} {officer} {tier} {reason}.
 */
import words from '../words/zh-CN.ts';

const zhCN = {
  resident: {
    received: '已收到您的反映',
    notified: '已短信通知{role}',
    notify_failed: '短信发送失败，将重试',
    escalated: '已上报{level}',
    reported: '已上报{level}',
    acknowledged: '民警已签收',
    status: '状态：{status}',
    rated: '您的评价：{score} 分',
    question: '民警提问：{text}',
    answer: '您的回答：{text}',
    transferred: '已转交{village}驻村民警办理',
    assigned: '已下派{village}驻村民警办理',
    rewardVerified: '线索已核实',
    rewardTier: '线索已核实，奖励等级：{tier}',
    rewardNotVerified: '线索经核查未能证实',
    reward_paid: '奖励已领取',
    updates_stopped: '已停止短信通知',
    reply: '民警回复：{text}',
    note: '{text}',
    reopened: '您反映问题未解决，已重新交给驻村民警办理：{text}',
    photo: '已附上照片（已去除拍摄地点等信息）',
    photo_refused: '有一张照片未能使用：{reason}',
  },
  staff: {
    received: '收到群众反映',
    notified: '已短信通知{role}',
    notify_failed: '短信通知{role}失败，将重试',
    escalated: '超时未签收，已上报{level}',
    reported: '上报{level}',
    acknowledged: '已签收',
    status: '状态改为：{status}',
    rated: '群众评价：{score} 分',
    question: '向群众提问：{text}',
    answer: '群众回答：{text}',
    transferred: '已转交{village}',
    assigned: '下派{village}驻村民警{officer}',
    rewardVerified: '线索已核实',
    rewardTier: '线索已核实，奖励等级：{tier}',
    rewardNotVerified: '线索未能核实',
    reward_paid: '奖励已发放',
    updates_stopped: '群众已退订短信通知',
    reply: '回复群众：{text}',
    note: '{text}',
    reopened: '群众反映问题未解决，重新办理：{text}',
    photo: '已附上照片（已去除拍摄地点等信息）',
    photo_refused: '有一张照片未能使用：{reason}',
  },
  /** Who got an SMS, as each audience reads it. */
  roles: {
    resident: { officer: words.role.officer, assistant: words.role.assistant, defence: words.role.defence, escalation: words.role.escalation, resident: '您' },
    staff: { officer: words.role.officer, assistant: words.role.assistant, defence: words.role.defence, escalation: words.role.escalation, resident: words.role.resident },
  },
  /** Why a photo could not be used (the photos function's refusal reasons). */
  photoRefusal: { type: '只能是 JPEG、PNG、HEIC 或 WebP 图片', size: '照片太大', count: '照片太多', unreadable: '无法读取这张图片' },
};

export default zhCN;
