package org.safar.app.sync

import android.content.Context
import androidx.work.CoroutineWorker
import androidx.work.WorkerParameters
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import org.safar.app.BuildConfig
import org.safar.app.SafarApplication
import org.safar.app.state.ErrorKind
import org.safar.app.state.SyncState
import org.safar.app.state.SyncStateHolder

/** Background update: the same SyncStateHolder the settings screen uses, cancelled when stopped. */
class SyncWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext as SafarApplication
        val holder = SyncStateHolder(app.core.get(), BuildConfig.UPDATE_URL)
        // WorkManager stops the worker when the constraints no longer hold (Wi-Fi lost).
        currentCoroutineContext().job.invokeOnCompletion { holder.cancel() }
        return when (val done = withContext(Dispatchers.IO) { holder.sync() }) {
            is SyncState.Done -> {
                app.preferences.lastSyncAt = System.currentTimeMillis()
                Result.success()
            }
            // Forged or broken content will not fix itself by retrying soon: wait for tomorrow.
            is SyncState.Failed -> if (done.error.kind == ErrorKind.Rejected) Result.failure() else Result.retry()
            SyncState.Cancelled -> Result.retry()
            else -> Result.success()
        }
    }
}
