// useList - a paged, filtered, sorted list of an API collection, kept in the URL query
// (so back/forward, reload and shared links show the same page).
//
//   const list = useList('/projects', { filters: { stage: '', q: '' }, sort: '-signed_on' })
//   list.items, list.total, list.loading, list.error, list.filters, list.page, list.size
//   list.search()  apply filters (back to page 1)   list.reset()   list.load()  (retry)
//   list.setPage(n) list.setSize(n) list.setSort(s)
import { reactive, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { api } from '../api.js'

export function useList(path, { filters = {}, sort = '', size = 20, fixed = () => ({}) } = {}) {
  const route = useRoute()
  const router = useRouter()
  const list = reactive({
    items: [], total: 0, loading: false, error: null, loaded: false,
    filters: { ...filters }, page: 1, size, sort,
  })

  function fromQuery(q) {
    for (const k of Object.keys(filters)) list.filters[k] = q[k] !== undefined ? String(q[k]) : filters[k]
    list.page = Math.max(1, Number(q.page) || 1)
    list.size = Number(q.size) || size
    list.sort = q.sort !== undefined ? String(q.sort) : sort
  }

  function toQuery() {
    const q = {}
    for (const [k, v] of Object.entries(list.filters)) if (v !== '' && v !== null && v !== undefined && v !== filters[k]) q[k] = v
    if (list.page > 1) q.page = String(list.page)
    if (list.size !== size) q.size = String(list.size)
    if (list.sort !== sort) q.sort = list.sort
    return q
  }

  let seq = 0
  async function load() {
    const mine = ++seq
    list.loading = true
    list.error = null
    const query = { ...fixed(), sort: list.sort || undefined, limit: list.size, offset: (list.page - 1) * list.size }
    for (const [k, v] of Object.entries(list.filters)) if (v !== '' && v !== null) query[k] = v
    try {
      const d = await api.get(path, query)
      if (mine !== seq) return
      list.items = d.items
      list.total = d.total
      list.loaded = true
    } catch (e) {
      if (mine === seq) list.error = e
    } finally {
      if (mine === seq) list.loading = false
    }
  }

  function navigate() {
    const q = toQuery()
    if (JSON.stringify(q) === JSON.stringify(route.query)) load()
    else router.replace({ query: q })
  }

  watch(() => route.query, (q) => { fromQuery(q); load() }, { immediate: true })

  return Object.assign(list, {
    load,
    search() { list.page = 1; navigate() },
    reset() { Object.assign(list.filters, filters); list.page = 1; list.sort = sort; navigate() },
    setPage(n) { list.page = n; navigate() },
    setSize(n) { list.size = n; list.page = 1; navigate() },
    setSort(s) { list.sort = s; list.page = 1; navigate() },
  })
}
