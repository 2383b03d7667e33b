package org.safar.app.sync

import android.content.Context
import androidx.work.Constraints
import androidx.work.ExistingPeriodicWorkPolicy
import androidx.work.NetworkType
import androidx.work.PeriodicWorkRequestBuilder
import androidx.work.WorkManager
import org.safar.app.BuildConfig
import java.util.concurrent.TimeUnit

/** Daily background update, only on the network the user allows, never on a low battery. */
object SyncScheduler {
    private const val WORK_NAME = "safar-content-sync"

    fun schedule(context: Context, wifiOnly: Boolean) {
        val workManager = WorkManager.getInstance(context)
        if (BuildConfig.UPDATE_URL.isBlank()) {
            workManager.cancelUniqueWork(WORK_NAME)
            return
        }
        val constraints =
            Constraints.Builder()
                .setRequiredNetworkType(if (wifiOnly) NetworkType.UNMETERED else NetworkType.CONNECTED)
                .setRequiresBatteryNotLow(true)
                .build()
        val request =
            PeriodicWorkRequestBuilder<SyncWorker>(1, TimeUnit.DAYS)
                .setConstraints(constraints)
                .build()
        workManager.enqueueUniquePeriodicWork(WORK_NAME, ExistingPeriodicWorkPolicy.UPDATE, request)
    }
}
