import { createRouter, createWebHistory, type LocationQuery, type Router, type RouterHistory } from 'vue-router'
import { onUnauthorized } from './api/client'
import { loadSession, sessionLost, signInRoute } from './composables/useSession'
import DashboardView from './views/DashboardView.vue'
import LoginView from './views/LoginView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown without signing in. Every other page needs a session. */
    public?: boolean
  }
}

/**
 * Where a lecture's player starts, from `?t=` (seconds, as search results link to a passage); undefined when
 * absent or not a time.
 */
export function startSeconds(query: LocationQuery): number | undefined {
  const value = Array.isArray(query.t) ? query.t[0] : query.t
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const seconds = Number(value)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined
}

export function createAppRouter(history: RouterHistory = createWebHistory()): Router {
  const router = createRouter({
    history,
    routes: [
      { path: '/', name: 'dashboard', component: DashboardView },
      { path: '/login', name: 'login', component: LoginView, meta: { public: true } },
      {
        path: '/lectures/:id',
        name: 'lecture',
        component: () => import('./views/LectureView.vue'),
        props: (route) => ({ id: String(route.params.id), startAt: startSeconds(route.query) }),
      },
      { path: '/account', name: 'account', component: () => import('./views/AccountView.vue') },
      { path: '/admin/users', name: 'admin-users', component: () => import('./views/AdminUsersView.vue') },
      { path: '/:unknown(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
    ],
  })

  router.beforeEach(async (to) => {
    if (to.meta.public) return true
    try {
      if (await loadSession()) return true
    } catch {
      // The API could not say who is signed in (it is down, say): show the page, whose own calls report that.
      return true
    }
    return signInRoute(to.fullPath)
  })

  onUnauthorized(() => {
    // Only a session the app knew of can expire here; a 401 while nobody is known is the guard's to handle.
    if (!sessionLost()) return
    const current = router.currentRoute.value
    if (!current.meta.public) void router.push(signInRoute(current.fullPath))
  })

  return router
}
