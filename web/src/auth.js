// auth.js - who is signed in.  The server keeps the session in an HttpOnly cookie;
// the app keeps the user and the CSRF token that state-changing requests must carry.
// While the server has no /auth routes (404), the app runs as an anonymous admin.
import { reactive } from 'vue'
import { api, setCsrfToken } from './api.js'

export const ROLES = ['admin', 'leader', 'officer', 'handler', 'enterprise', 'viewer']

export const session = reactive({ user: null, checked: false, devMode: false })

function accept(body) {
  session.user = body.user
  setCsrfToken(body.csrf_token)
  session.devMode = false
}

export function clearSession() {
  session.user = null
  setCsrfToken(null)
}

export async function loadSession() {
  try {
    accept(await api.get('/auth/me', null, { quiet401: true }))
  } catch (e) {
    clearSession()
    if (e.status === 404) {
      session.devMode = true
      session.user = { id: 0, username: 'dev', display_name: '开发模式', role: 'admin',
        enterprise_id: null, unit_ids: [] }
    } else if (e.status !== 401) {
      session.checked = true
      throw e
    }
  }
  session.checked = true
  return session.user
}

export async function login(username, password) {
  accept(await api.post('/auth/login', { username, password }, { quiet401: true }))
  return session.user
}

export async function logout() {
  try { await api.post('/auth/logout', undefined, { quiet401: true }) } finally { clearSession() }
}

export function hasRole(...roles) {
  return !!session.user && roles.includes(session.user.role)
}

// Where each role starts.
export function homeOf(user) {
  switch (user && user.role) {
    case 'leader': case 'viewer': return '/dashboard'
    case 'officer': case 'handler': return '/projects'
    case 'enterprise': return user.enterprise_id ? `/enterprises/${user.enterprise_id}` : '/account'
    case 'admin': return '/users'
    default: return '/login'
  }
}

// Who may do what, as the UI sees it (the server decides for real).
export const can = {
  dashboard: () => hasRole('admin', 'leader', 'officer', 'handler', 'viewer'),
  listEnterprises: () => hasRole('admin', 'leader', 'officer'),
  viewEnterprise: () => hasRole('admin', 'leader', 'officer', 'handler', 'enterprise'),
  editEnterprises: () => hasRole('admin', 'officer'),
  listProjects: () => hasRole('admin', 'leader', 'officer', 'handler'),
  viewProject: () => hasRole('admin', 'leader', 'officer', 'handler', 'enterprise'),
  editProjects: () => hasRole('admin', 'officer'),
  manageUsers: () => hasRole('admin'),
  // project page

  // pipeline pages
  warnings: () => hasRole('admin', 'leader', 'officer', 'handler'),
  problems: () => hasRole('admin', 'leader', 'officer', 'handler', 'enterprise'),
  taskforces: () => hasRole('admin', 'leader', 'officer', 'handler', 'enterprise'),
  editTaskforces: () => hasRole('admin', 'leader', 'officer'),
  editTargets: () => hasRole('admin', 'leader'),
  briefing: () => hasRole('admin', 'leader', 'officer', 'viewer'),
  manageCalendar: () => hasRole('admin'),
  warningSettings: () => hasRole('admin'),

  // roundtables and appeals
  roundtables: () => hasRole('admin', 'leader', 'officer', 'handler'),
  editRoundtables: () => hasRole('admin', 'officer'),
  appealInbox: () => hasRole('admin', 'leader', 'officer', 'handler'),
  viewAppeal: () => hasRole('admin', 'leader', 'officer', 'handler', 'enterprise'),
  myAppeals: () => hasRole('enterprise'),
  mySessions: () => hasRole('enterprise'),

  // search and import
  search: () => hasRole('admin', 'leader', 'officer', 'handler', 'enterprise'),
  importData: () => hasRole('admin', 'officer'),

}
