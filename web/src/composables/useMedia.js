// useMedia('(max-width: 767px)') -> ref(true/false), following the window size.
import { ref, onMounted, onBeforeUnmount } from 'vue'

export function useMedia(query) {
  const mql = window.matchMedia(query)
  const matches = ref(mql.matches)
  const update = (e) => { matches.value = e.matches }
  onMounted(() => mql.addEventListener('change', update))
  onBeforeUnmount(() => mql.removeEventListener('change', update))
  return matches
}

export const PHONE = '(max-width: 767px)'
export const usePhone = () => useMedia(PHONE)
