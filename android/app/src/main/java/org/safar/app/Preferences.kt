package org.safar.app

import android.content.Context

/** Phone-side settings the core does not keep: how and when to update. */
class Preferences(context: Context) {
    private val prefs = context.getSharedPreferences("safar", Context.MODE_PRIVATE)

    /** Update only on Wi-Fi (unmetered networks): on by default, data is expensive. */
    var wifiOnly: Boolean
        get() = prefs.getBoolean("wifi_only", true)
        set(value) = prefs.edit().putBoolean("wifi_only", value).apply()

    /** When this phone last finished a sync (epoch ms), for "last update". 0: never. */
    var lastSyncAt: Long
        get() = prefs.getLong("last_sync_at", 0)
        set(value) = prefs.edit().putLong("last_sync_at", value).apply()
}
