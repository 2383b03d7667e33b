package org.safar.app

import android.content.Context
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import uniffi.safar_ffi.SafarApp
import java.io.File

/**
 * The one SafarApp handle of the process, opened off the main thread. The first open imports the
 * embedded sample content (verified like any update), which takes a moment on an old phone.
 */
class CoreProvider(private val context: Context) {
    private val mutex = Mutex()

    @Volatile
    private var app: SafarApp? = null

    /** Throws SafarException if the database cannot be opened. */
    suspend fun get(): SafarApp =
        app ?: mutex.withLock {
            app ?: withContext(Dispatchers.IO) { SafarApp.open(File(context.filesDir, "safar.db").path) }.also { app = it }
        }
}
