// shared.js - helpers of the appeal (诉求) and roundtable (观澜会) pages.
import { reactive } from 'vue'
import { api } from '../../api.js'
import { t, locale, problemText } from '../../i18n.js'

// Appeal categories (/ref/appeal-categories), loaded once.
export const categories = reactive({ items: [], loaded: false })
let pending = null
export function loadCategories() {
  if (categories.loaded) return Promise.resolve(categories.items)
  if (!pending) {
    pending = api.get('/ref/appeal-categories')
      .then((d) => { categories.items = d.items || []; categories.loaded = true; return categories.items })
      .finally(() => { pending = null })
  }
  return pending
}
export const activeCategories = () => categories.items.filter((c) => c.active)
export function categoryName(code, fallback) {
  if (locale.value === 'en') return t(`ap.cat.${code}`) === `ap.cat.${code}` ? fallback || code : t(`ap.cat.${code}`)
  return categories.items.find((c) => c.code === code)?.name || fallback || code
}

export const STATES = ['submitted', 'accepted', 'declined', 'assigned', 'in_progress', 'answered', 'rated', 'closed']
export const STATE_TAG = { submitted: 'warning', accepted: 'primary', declined: 'info', assigned: 'primary',
  in_progress: 'primary', answered: 'success', rated: 'success', closed: 'info' }
export const RATINGS = ['satisfied', 'basic', 'unsatisfied']
export const RATING_TAG = { satisfied: 'success', basic: 'warning', unsatisfied: 'danger' }
export const COMPLEXITIES = ['simple', 'ordinary', 'complex']
export const CHANNELS = ['onsite', 'online', 'proxy', 'hotline']
export const ACTIONS = ['accept', 'assign', 'start', 'answer', 'rate', 'transfer', 'request_extension',
  'decide_extension', 'supervise', 'decline']
// The action buttons that move the appeal on are primary; the others plain.
export const PRIMARY = new Set(['accept', 'assign', 'start', 'answer', 'rate'])

// Inbox tabs (GET /appeals?view=…) that make sense for each role.
export function inboxViews(role) {
  switch (role) {
    case 'admin': return ['to_accept', 'to_handle', 'due_soon', 'overdue', 'supervised', 'all']
    case 'officer': return ['to_accept', 'to_handle', 'due_soon', 'overdue', 'supervised', 'all']
    case 'handler': return ['to_handle', 'to_accept', 'due_soon', 'overdue', 'supervised', 'all']
    case 'leader': return ['overdue', 'due_soon', 'supervised', 'all']
    case 'enterprise': return ['to_handle', 'all']
    default: return []
  }
}

// The server's English messages about appeals, in Chinese.
const MESSAGES = [
  [/^say why/, '请说明原因'],
  [/^the lead unit/, '请选择主办单位'],
  [/^the answer to the enterprise/, '请填写答复内容'],
  [/^true to approve/, '请选择批准或驳回'],
  [/^the unit that takes the lead/, '请选择转办到的单位'],
  [/^is already the lead unit/, '已是主办单位'],
  [/^the text of the appeal|^must not be empty/, '请填写诉求内容'],
]
export function message(d) {
  if (locale.value !== 'en') {
    for (const [re, zh] of MESSAGES) if (re.test(d.message || '')) return zh
    if (d.code === 'required') return t('problem.required')
  }
  return problemText(d)
}
export function fieldErrors(e) {
  const out = {}
  if (!e || e.status !== 422) return out
  for (const d of e.details || []) if (d.field && !out[d.field]) out[d.field] = message(d)
  if (e.field && !out[e.field] && !(e.details || []).length) out[e.field] = message(e)
  return out
}

// "… you may: accept, decline" of a 409 illegal_move -> ['accept', 'decline']
export function allowedFrom(e) {
  const m = /you may: (.*)$/.exec(e?.message || '')
  if (!m) return []
  return m[1].split(/,\s*/).map((s) => s.trim()).filter((s) => ACTIONS.includes(s))
}

// Today in Asia/Shanghai as YYYY-MM-DD.
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}
