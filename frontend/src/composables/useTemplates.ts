/** Summary template names offered at upload; an empty list when the server cannot say. */

import { onMounted, ref } from 'vue'
import { getTemplates } from '../api/client'

export function useTemplates() {
  const templates = ref<string[]>([])
  onMounted(async () => {
    try {
      templates.value = (await getTemplates()).names
    } catch {
      // Uploading still works with the server's default template; the picker is simply not shown.
      templates.value = []
    }
  })
  return { templates }
}
