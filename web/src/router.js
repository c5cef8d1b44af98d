// router.js - pages, and who may open them (meta.can names a check in auth.can).
import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, homeOf, can, clearSession } from './auth.js'
import { onUnauthorized } from './api.js'

const routes = [
  { path: '/login', component: () => import('./pages/LoginPage.vue'), meta: { public: true, bare: true } },
  { path: '/', name: 'home', component: { render: () => null } }, // sent on by role below
  { path: '/dashboard', component: () => import('./pages/DashboardPage.vue'), meta: { can: 'dashboard' } },
  { path: '/enterprises', component: () => import('./pages/EnterpriseListPage.vue'), meta: { can: 'listEnterprises' } },
  { path: '/enterprises/new', component: () => import('./pages/EnterpriseFormPage.vue'), meta: { can: 'editEnterprises' } },
  { path: '/enterprises/:id(\\d+)', component: () => import('./pages/EnterprisePage.vue'), meta: { can: 'viewEnterprise' } },
  { path: '/enterprises/:id(\\d+)/edit', component: () => import('./pages/EnterpriseFormPage.vue'), meta: { can: 'editEnterprises' } },
  { path: '/projects', component: () => import('./pages/ProjectListPage.vue'), meta: { can: 'listProjects' } },
  { path: '/projects/new', component: () => import('./pages/ProjectFormPage.vue'), meta: { can: 'editProjects' } },
  { path: '/projects/:id(\\d+)', component: () => import('./pages/ProjectPage.vue'), meta: { can: 'viewProject' } },
  { path: '/projects/:id(\\d+)/edit', component: () => import('./pages/ProjectFormPage.vue'), meta: { can: 'editProjects' } },
  { path: '/users', component: () => import('./pages/UsersPage.vue'), meta: { can: 'manageUsers' } },
  { path: '/account', component: () => import('./pages/AccountPage.vue') },
  // project page

  // pipeline pages
  { path: '/warnings', component: () => import('./pages/WarningsPage.vue'), meta: { can: 'warnings' } },
  { path: '/problems', component: () => import('./pages/ProblemListPage.vue'), meta: { can: 'problems' } },
  { path: '/taskforces', component: () => import('./pages/TaskForceListPage.vue'), meta: { can: 'taskforces' } },
  { path: '/taskforces/:id(\\d+)', component: () => import('./pages/TaskForcePage.vue'), meta: { can: 'taskforces' } },
  { path: '/calendar', component: () => import('./pages/CalendarPage.vue'), meta: { can: 'manageCalendar' } },
  { path: '/settings/warnings', component: () => import('./pages/SettingsPage.vue'), meta: { can: 'warningSettings' } },

  // roundtables and appeals
  // An enterprise user reaches a session (a search hit, a shared link) in its portal.
  { path: '/roundtables', component: () => import('./pages/RoundtableListPage.vue'), meta: { can: 'roundtables', portal: () => '/my-sessions' } },
  { path: '/roundtables/:id(\\d+)', component: () => import('./pages/RoundtablePage.vue'), meta: { can: 'roundtables', portal: (to) => `/my-sessions/${to.params.id}` } },
  { path: '/appeals', component: () => import('./pages/AppealInboxPage.vue'), meta: { can: 'appealInbox' } },
  { path: '/appeals/:id(\\d+)', component: () => import('./pages/AppealPage.vue'), meta: { can: 'viewAppeal' } },
  { path: '/my-appeals', component: () => import('./pages/MyAppealsPage.vue'), meta: { can: 'myAppeals' } },
  { path: '/my-appeals/new', component: () => import('./pages/AppealSubmitPage.vue'), meta: { can: 'myAppeals' } },
  { path: '/my-sessions', component: () => import('./pages/MySessionsPage.vue'), meta: { can: 'mySessions' } },
  { path: '/my-sessions/:id(\\d+)', component: () => import('./pages/MySessionPage.vue'), meta: { can: 'mySessions' } },

  // search and import
  { path: '/search', component: () => import('./pages/SearchPage.vue'), meta: { can: 'search' } },
  { path: '/import', component: () => import('./pages/ImportPage.vue'), meta: { can: 'importData' } },

  { path: '/:pathMatch(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { public: true } },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (to, from, saved) => saved || (to.path !== from.path ? { top: 0 } : undefined),
})

router.beforeEach(async (to) => {
  if (!session.checked) {
    try { await loadSession() } catch { /* server unreachable: pages show their own errors */ }
  }
  if (to.path === '/login' && session.user && session.devMode) return homeOf(session.user)
  if (to.meta.public) return true
  if (!session.user) return { path: '/login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  if (to.name === 'home') return homeOf(session.user)
  if (to.meta.portal && can.mySessions()) return to.meta.portal(to)
  if (to.meta.can && !can[to.meta.can]()) return homeOf(session.user) === to.path ? '/account' : homeOf(session.user)
  return true
})

// Any 401 from any call: the session is gone; sign in again and come back.
onUnauthorized(() => {
  clearSession()
  const here = router.currentRoute.value
  if (!here.meta.public) router.replace({ path: '/login', query: { next: here.fullPath } })
})
