/**
 * The words a resident reads for each public timeline entry. Generated entries store a type and
 * parameters; the text is made when read, in the county's language.
 */
import type { TimelineEntry } from './case.ts';
import type { Locale } from './county.ts';

const ROLE: Record<Locale, Record<string, string>> = {
  'zh-CN': { officer: '驻村民警', assistant: '警务助理', defence: '联防队员', escalation: '上级值班人员', resident: '您' },
  en: { officer: 'the village officer', assistant: 'the police assistant', defence: 'the joint-defence group', escalation: 'the duty officer above', resident: 'you' },
};

const LEVEL: Record<Locale, Record<number, string>> = {
  'zh-CN': { 1: '驻村民警', 2: '中心警务室', 3: '派出所', 4: '县局值班台' },
  en: { 1: 'the village officer', 2: 'the central police office', 3: 'the police station', 4: 'the bureau duty desk' },
};

const STATUS: Record<Locale, Record<string, string>> = {
  'zh-CN': { received: '已受理', acknowledged: '已签收', in_progress: '处理中', resolved: '已办结' },
  en: { received: 'received', acknowledged: 'acknowledged', in_progress: 'in progress', resolved: 'resolved' },
};

const PHOTO_REFUSAL: Record<Locale, Record<string, string>> = {
  'zh-CN': { type: '只能是 JPEG、PNG、HEIC 或 WebP 图片', size: '照片太大', count: '照片太多', unreadable: '无法读取这张图片' },
  en: { type: 'only JPEG, PNG, HEIC or WebP images', size: 'the photo is too large', count: 'too many photos', unreadable: 'the image could not be read' },
};

export function timelineText(locale: Locale, entry: TimelineEntry): string {
  const p = entry.params ?? {};
  const zh = locale === 'zh-CN';
  switch (entry.type) {
    case 'received':
      return zh ? '已收到您的反映' : 'Your report was received';
    case 'notified':
      return zh ? `已短信通知${ROLE[locale][String(p.role)] ?? ''}` : `SMS sent to ${ROLE[locale][String(p.role)] ?? 'the officer'}`;
    case 'notify_failed':
      return zh ? '短信发送失败，将重试' : 'SMS failed; it will be retried';
    case 'escalated':
      return zh ? `已上报${LEVEL[locale][Number(p.level)] ?? ''}` : `Passed up to ${LEVEL[locale][Number(p.level)] ?? 'the next level'}`;
    case 'acknowledged':
      return zh ? '民警已签收' : 'The officer acknowledged it';
    case 'status':
      return zh ? `状态：${STATUS[locale][String(p.status)] ?? String(p.status)}` : `Status: ${STATUS[locale][String(p.status)] ?? String(p.status)}`;
    case 'rated':
      return zh ? `您的评价：${p.score} 分` : `Your rating: ${p.score} of 5`;
    case 'question':
      return zh ? `民警提问：${entry.text ?? ''}` : `The officer asks: ${entry.text ?? ''}`;
    case 'answer':
      return zh ? `您的回答：${entry.text ?? ''}` : `Your answer: ${entry.text ?? ''}`;
    case 'transferred':
      return zh ? `已转交${String(p.village ?? '')}驻村民警办理` : `Transferred to the officer of ${String(p.village ?? 'another village')}`;
    case 'assigned':
      return zh ? `已下派${String(p.village ?? '')}驻村民警办理` : `Handed down to the officer of ${String(p.village ?? 'the village')}`;
    case 'reward':
      return p.verified === 'yes'
        ? zh
          ? `线索已核实${p.tier ? `，奖励等级：${p.tier}` : ''}`
          : `Your tip was verified${p.tier ? `; reward tier: ${p.tier}` : ''}`
        : zh
          ? '线索经核查未能证实'
          : 'Your tip could not be verified';
    case 'reward_paid':
      return zh ? '奖励已领取' : 'The reward was collected';
    case 'updates_stopped':
      return zh ? '已停止短信通知' : 'SMS updates stopped';
    case 'reply':
      return zh ? `民警回复：${entry.text ?? ''}` : `The officer replies: ${entry.text ?? ''}`;
    case 'note':
      return entry.text ?? '';
    case 'reopened':
      return zh ? `您反映问题未解决，已重新交给驻村民警办理：${entry.text ?? ''}` : `You said it is not fixed; the case is back with the village officer: ${entry.text ?? ''}`;
    case 'photo':
      return zh ? '已附上照片（已去除拍摄地点等信息）' : 'A photo was attached (its location and camera details removed)';
    case 'photo_refused':
      return zh ? `有一张照片未能使用：${PHOTO_REFUSAL['zh-CN'][String(p.reason)] ?? ''}` : `A photo could not be used: ${PHOTO_REFUSAL.en[String(p.reason)] ?? ''}`;
  }
}
