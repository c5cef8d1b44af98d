// projectText.js - small helpers shared by the project page's parts: today's date in
// Asia/Shanghai, and 422 problems of the pipeline routes (stage moves, milestones, funds,
// follow-ups) in Chinese.  The server writes English; the general messages go through
// problemText (i18n.js), the pipeline's own ones are matched here, the rest fall back to
// a word for the problem's code.
import { t, problemText, locale } from '../../i18n.js'
import { refName } from '../../ref.js'

export function todayShanghai() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date())
}

const STAGE_BY_NAME = { 线索: 'lead', 洽谈: 'negotiating', 签约: 'signed', 开工: 'started', 投产: 'production', 达产: 'capacity', 搁置: 'on_hold', 终止: 'dropped' }
const stageName = (zh) => refName('stages', STAGE_BY_NAME[zh] || zh, zh)

const RULES = [
  [/^is required to enter (.+)$/, (m) => t('pp.pr.requiredToEnter', { stage: stageName(m[1]) })],
  [/^is required to move a project (back )?to (.+)$/, (m) => t('pp.pr.reasonFor', { stage: stageName(m[2]) })],
  [/^must not be after today \((.+)\)$/, (m) => t('pp.pr.future', { d: m[1] })],
  [/^must not be before the last event's date \((.+)\)$/, (m) => t('pp.pr.beforeLast', { d: m[1] })],
  [/^must not be before skipped\.(\w+) \((.+)\)$/, (m) => t('pp.pr.beforeSkipped', { stage: refName('stages', m[1]), d: m[2] })],
  [/is not passed over by a move/, () => t('pp.pr.notSkipped')],
  [/^a milestone cannot be done after today/, () => t('pp.pr.msFuture')],
  [/^a custom milestone needs a name/, () => t('pp.pr.customName')],
  [/each standard/, () => t('pp.pr.msDuplicate')],
  [/^the day it happened is required/, () => t('problem.required')],
  [/^a follow-up records what happened/, () => t('pp.pr.fuFuture')],
  [/^say what happened/, () => t('problem.required')],
  [/^a next date needs a next step/, () => t('pp.pr.nextStep')],
  [/^cannot be before the follow-up itself/, () => t('pp.pr.nextBefore')],
  [/^must be a month as YYYY-MM/, () => t('pp.pr.month')],
]
const CODES = ['required', 'future', 'order', 'before_signing', 'not_signed', 'duplicate', 'too_long', 'too_large',
  'invalid', 'exceeds_total', 'type', 'nested']

export function pText(d) {
  if (!d) return ''
  const msg = d.message || ''
  if (locale.value === 'en') return msg
  for (const [re, f] of RULES) {
    const m = re.exec(msg)
    if (m) return f(m)
  }
  const general = problemText(d)
  if (general !== msg) return general
  return CODES.includes(d.code) ? `${t(`pp.code.${d.code}`)}（${msg}）` : msg
}

// A 422's details as { field: text } (several problems of one field joined).
export function fieldErrors(e) {
  const out = {}
  for (const d of e?.details || []) out[d.field] = (out[d.field] ? `${out[d.field]}；` : '') + pText(d)
  return out
}
