/**
 * What is wrong with a field a resident filled in (the report form, the track and rate forms), in
 * Chinese: the zod error map (functions/domain/field-errors.ts) writes these when a schema is
 * parsed, so the API's problem+json and the page next to the field say the same words. Chosen by
 * the field and the kind of issue (missing, too short, too long, wrong format).
 */
const zhCN = {
  required: '请填写这一项',
  choose: '请选择一项',
  yesNo: '请选择是或否',
  kind: '请选择要反映的事',
  villageId: '请选择您所在的村（社区）',
  villageUnknown: '没有找到这个村（{village}），请重新选择',
  descriptionRequired: '请写下发生了什么',
  descriptionShort: '请多写几句，至少 {min} 个字',
  tooLong: '太长了：最多 {max} 字',
  phone: '手机号不对：请填 11 位手机号，例如 13800000000',
  position: '位置不对：请重新点“用我现在的位置”，或在上面写下地点',
  photo: '照片只能是 JPEG、PNG、HEIC 或 WebP 图片，每张不超过 5 MB，最多 3 张（不用网页脚本时合计不超过 4 MB）。请重新选择照片。',
  updatesNeedPhone: '要收短信，请填写手机号',
  idempotencyKey: '提交编号不对：请刷新页面后再提交',
  caseNumber: '案件编号不对，格式是 {example}',
  trackingCode: '请填写查询码',
  score: '请选择 1 到 5 分',
  invalid: '请检查这一项',
};

export default zhCN;
