/** One's webhook endpoints: listed, added (the signing secret comes back this once), deleted; and each one's deliveries. */

import { ref, shallowRef } from 'vue'
import { createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks } from '../api/client'
import type { NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint } from '../api/types'

/** How many of an endpoint's latest deliveries are shown. */
export const DELIVERIES_SHOWN = 20

export function useWebhooks() {
  const endpoints = ref<WebhookEndpoint[]>([])
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)

  async function refresh(): Promise<void> {
    try {
      endpoints.value = await listWebhooks()
      error.value = null
    } catch (caught) {
      error.value = caught
    } finally {
      loaded.value = true
    }
  }

  async function create(url: string): Promise<NewWebhookEndpoint> {
    const created = await createWebhook(url)
    const { id, url: given, created_at } = created
    endpoints.value = [{ id, url: given, created_at }, ...endpoints.value]
    return created
  }

  async function remove(id: string): Promise<void> {
    await deleteWebhook(id)
    endpoints.value = endpoints.value.filter((endpoint) => endpoint.id !== id)
  }

  return { endpoints, loaded, error, refresh, create, remove }
}

/** One endpoint's latest deliveries, newest first, loaded on request. */
export function useWebhookDeliveries(endpointId: string) {
  const deliveries = ref<WebhookDelivery[]>([])
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)

  async function refresh(): Promise<void> {
    try {
      deliveries.value = await listWebhookDeliveries(endpointId, DELIVERIES_SHOWN)
      error.value = null
    } catch (caught) {
      error.value = caught
    } finally {
      loaded.value = true
    }
  }

  return { deliveries, loaded, error, refresh }
}
