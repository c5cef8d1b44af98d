// shared.js - helpers of the pipeline pages (warnings, problems, task forces, calendar).
import { reactive } from 'vue'
import { api } from '../../api.js'
import { problemText, t, locale } from '../../i18n.js'
import { session } from '../../auth.js'

// The server's messages about problems, task forces, meetings and the calendar, in Chinese
// (the app's shared list in i18n.js covers the general ones; others pass through).
const MESSAGES = [
  [/^names the unit/, '请选择责任单位'],
  [/^names the problem to/, '请选择要办结的问题'],
  [/^names the project/, '请选择项目（须为本专班服务的项目）'],
  [/^the type of the problem/, '请选择问题类型'],
  [/^the working days allowed/, '请填写办理时限（工作日）'],
  [/^must be 1 to (\d+) working days/, (m) => `应为 1–${m[1]} 个工作日`],
  [/^is before opened_on/, '不能早于问题提出日期'],
  [/^is in the future/, '不能晚于今天'],
  [/^another task force is called/, '已有同名专班'],
  [/^a unit is already called/, '已有同名单位，请直接选择该单位'],
  [/^is longer than (\d+) characters/, (m) => `最多 ${m[1]} 个字符`],
  [/^must be holiday \(a day off\) or workday/, '调休上班日须为周六或周日'],
  [/^only the owner unit/, '只有责任单位或招商部门可以办理此问题'],
  [/^a problem \S+ can move to/, '当前状态下不能进行此操作'],
  [/^no problem has id/, '问题不存在，或不属于本专班服务的项目'],
]
function message(d) {
  if (locale.value !== 'en') {
    for (const [re, zh] of MESSAGES) {
      const m = re.exec(d.message || '')
      if (m) return typeof zh === 'function' ? zh(m) : zh
    }
  }
  return problemText(d)
}

// A 422's details as { field: message } (fields like "decisions[1].problem_id" kept as is).
export function fieldErrors(e) {
  const out = {}
  if (!e || e.status !== 422) return out
  for (const d of e.details || []) if (d.field && !out[d.field]) out[d.field] = message(d)
  if (e.field && !out[e.field] && !(e.details || []).length) out[e.field] = message(e)
  return out
}

// Problem types (/ref/problem-types), loaded once.
export const problemTypes = reactive({ items: [], loaded: false })
let pendingTypes = null
export function loadProblemTypes() {
  if (problemTypes.loaded) return Promise.resolve(problemTypes.items)
  if (!pendingTypes) {
    pendingTypes = api.get('/ref/problem-types')
      .then((d) => { problemTypes.items = d.items || []; problemTypes.loaded = true; return problemTypes.items })
      .finally(() => { pendingTypes = null })
  }
  return pendingTypes
}
export function typeName(code, fallback) {
  if (locale.value === 'en') return t(`ptype.${code}`)
  return problemTypes.items.find((x) => x.code === code)?.name || fallback || code
}

export const PROBLEM_STATUSES = ['open', 'in_progress', 'resolved', 'closed_unresolved']
export const STATUS_TAG = { open: 'danger', in_progress: 'warning', resolved: 'success', closed_unresolved: 'info' }
// The moves the server allows from each status (docs/problems.md).
export const MOVES = {
  open: ['in_progress', 'resolved', 'closed_unresolved'],
  in_progress: ['resolved', 'closed_unresolved'],
  resolved: ['open'],
  closed_unresolved: ['open'],
}
export const needsResolution = (s) => s === 'resolved' || s === 'closed_unresolved'

// May the signed-in user move this problem?  Admins and officers any; handlers those their units own.
export function canMove(problem) {
  const u = session.user
  if (!u) return false
  if (u.role === 'admin' || u.role === 'officer') return true
  if (u.role === 'handler') return (u.unit_ids || []).includes(problem.unit_id)
  return false
}

// Today in Asia/Shanghai as YYYY-MM-DD.
export function today() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date())
}
export const thisYear = () => Number(today().slice(0, 4))

// Does the server offer this path?  Read from its OpenAPI document (public, cached).
let openapiPaths = null
export async function serverOffers(path) {
  if (!openapiPaths) {
    openapiPaths = api.get('/openapi.json').then((d) => Object.keys(d.paths || {}), () => [])
  }
  return (await openapiPaths).includes(`/api/v1${path}`)
}
