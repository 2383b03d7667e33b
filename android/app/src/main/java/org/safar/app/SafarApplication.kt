package org.safar.app

import android.app.Application
import org.safar.app.sync.SyncScheduler

class SafarApplication : Application() {
    val core by lazy { CoreProvider(this) }
    val preferences by lazy { Preferences(this) }

    override fun onCreate() {
        super.onCreate()
        SyncScheduler.schedule(this, preferences.wifiOnly)
    }
}
