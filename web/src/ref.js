// ref.js - reference lists (/api/v1/ref/*), loaded once and shared.
import { reactive } from 'vue'
import { api } from './api.js'
import { locale, t, has } from './i18n.js'

export const refs = reactive({ stages: [], chains: [], channels: [], regions: [], units: [], loaded: false })
let pending = null

export function loadRefs() {
  if (refs.loaded) return Promise.resolve(refs)
  if (!pending) {
    pending = Promise.all(['stages', 'chains', 'channels', 'regions', 'units'].map(
      (k) => api.get(`/ref/${k}`).then((d) => { refs[k] = d.items })))
      .then(() => { refs.loaded = true; return refs })
      .finally(() => { pending = null })
  }
  return pending
}

// Display name of a code: stages, chains and channels have English names in the
// dictionary; places, units and industries are proper names and stay Chinese.
export function refName(kind, code, fallback) {
  if (code === null || code === undefined || code === '') return '—'
  const key = `${kind.replace(/s$/, '')}.${code}` // stages -> stage.lead
  if (locale.value === 'en' && has(key)) return t(key)
  const list = refs[kind] || []
  const item = list.find((x) => String(kind === 'units' ? x.id : x.code) === String(code))
  return item ? item.name : fallback || String(code)
}

// Places in tight spots: the zone's long official name shortened to 起步区.
export function placeShort(code) {
  return code === 'zone' ? t('place.zone') : refName('regions', code)
}

// Industries (GB/T 4754-2017): 1772 entries, so looked up by code on demand and cached.
export const industries = reactive({})

export async function searchIndustries(q, limit = 30) {
  const d = await api.get('/ref/industries', { q, limit })
  for (const it of d.items) industries[it.code] = it.name
  return d.items
}

export function industryLabel(code) {
  if (!code) return '—'
  if (!(code in industries)) {
    industries[code] = null
    searchIndustries(code, 1).catch(() => {})
  }
  return industries[code] ? `${code} ${industries[code]}` : code
}

// Tags offered in filters and forms (any other text may be typed).
export const COMMON_TAGS = ['世界500强', '中央企业', '国有企业', '行业龙头', '上市公司', '外资企业',
  '专精特新', '高新技术企业', '鹊华观澜会第1期']

export async function industryOptions(q) {
  return (await searchIndustries(q)).map((i) => ({ value: i.code, label: `${i.code} ${i.name}` }))
}
export async function industryResolve(codes) {
  const out = []
  for (const c of codes) {
    const hit = (await searchIndustries(c, 5)).find((i) => i.code === c)
    out.push({ value: c, label: hit ? `${c} ${hit.name}` : c })
  }
  return out
}

// Element Plus tag type of each stage.
export const STAGE_TAG = { lead: 'info', negotiating: 'primary', signed: 'danger', started: 'warning',
  production: 'success', capacity: 'success', on_hold: 'info', dropped: 'info' }
