// format.js - numbers, money and dates the Chinese way (or ISO-ish in English).
// Money is integer 万元; 亿元 figures come from the API as exact decimal text ("3128.5").
// Nothing here does floating-point arithmetic on money: decimals are shifted as text.
import { locale } from './i18n.js'

const DASH = '—'

// "3128.5" -> "3,128.5"
export function group(decimalText) {
  const [int, frac] = String(decimalText).split('.')
  const g = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac ? `${g}.${frac}` : g
}

// Exact decimal text of an integer divided by 10^n: shift(31285000, 4) -> "3128.5"
export function shift(integer, n) {
  const neg = integer < 0
  let s = String(Math.abs(Math.trunc(integer))).padStart(n + 1, '0')
  const int = s.slice(0, s.length - n)
  const frac = s.slice(s.length - n).replace(/0+$/, '')
  return (neg ? '-' : '') + (frac ? `${int}.${frac}` : int)
}

// Divide exact decimal text by 10: "400" -> "40", "3128.5" -> "312.85"
function tenth(decimalText) {
  const [int, frac = ''] = String(decimalText).split('.')
  const digits = (int + frac).replace(/^0+(?=\d)/, '')
  return shift(Number(digits), frac.length + 1)
}

// wan: integer 万元; yi: the API's exact 亿元 text when it has one.
// zh: ≥ 1亿 "400亿元", "3,128.5亿元"; below "3,000万元".  en: "CNY 40 bn", "CNY 30 m".
export function money(wan, yi) {
  if (wan === null || wan === undefined) return DASH
  const yiText = yi ?? shift(wan, 4)
  if (locale.value === 'en') {
    return wan >= 10000 ? `CNY ${group(tenth(yiText))} bn` : `CNY ${group(shift(wan, 2))} m`
  }
  return wan >= 10000 ? `${group(yiText)}亿元` : `${group(String(wan))}万元`
}

export function amount(a) { return a ? money(a.wan, a.yi) : DASH }

export function count(n) {
  if (n === null || n === undefined) return DASH
  return locale.value === 'en' ? group(String(n)) : `${group(String(n))}个`
}

// "2023-02-03" -> "2023年2月3日" (zh) or "2023-02-03" (en)
export function date(iso) {
  if (!iso) return DASH
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return iso
  if (locale.value === 'en') return `${m[1]}-${m[2]}-${m[3]}`
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`
}

// "2026-11-26T02:18:07+08:00" -> "2026年11月26日 02:18" (times are Asia/Shanghai already)
export function datetime(iso) {
  if (!iso) return DASH
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso)
  return m ? `${date(m[1])} ${m[2]}` : iso
}

export function text(v) { return v === null || v === undefined || v === '' ? DASH : v }
