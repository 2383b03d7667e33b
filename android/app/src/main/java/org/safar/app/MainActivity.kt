package org.safar.app

import android.content.Intent
import android.net.Uri
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.safar.app.state.UiError
import org.safar.app.state.toUiError
import org.safar.app.ui.LocalCore
import org.safar.app.ui.SafarNavHost
import org.safar.app.ui.SafarTheme
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import uniffi.safar_ffi.SafarApp
import uniffi.safar_ffi.SafarException

class MainActivity : ComponentActivity() {
    /** A .safar document shared to the app or opened with it, waiting to be imported. */
    private var pendingImport by mutableStateOf<String?>(null)

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        if (savedInstanceState == null) pendingImport = sharedBundle(intent)
        val app = application as SafarApplication
        setContent {
            SafarTheme {
                Surface(Modifier.fillMaxSize()) {
                    SafarRoot(app, pendingImport) { pendingImport = null }
                }
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        sharedBundle(intent)?.let { pendingImport = it }
    }

    @Suppress("DEPRECATION") // getParcelableExtra(String): the typed overload needs API 33
    private fun sharedBundle(intent: Intent?): String? {
        val uri: Uri? =
            when (intent?.action) {
                Intent.ACTION_VIEW -> intent.data
                Intent.ACTION_SEND -> intent.getParcelableExtra<Uri>(Intent.EXTRA_STREAM)
                else -> null
            }
        return uri?.toString()
    }
}

private sealed interface Startup {
    data object Opening : Startup

    data class Ready(val core: SafarApp, val profileSet: Boolean) : Startup

    data class Failed(val error: UiError) : Startup
}

/** Opens the core off the main thread (the first start imports the embedded content), then the app. */
@Composable
private fun SafarRoot(app: SafarApplication, pendingImport: String?, onImportHandled: () -> Unit) {
    var startup by remember { mutableStateOf<Startup>(Startup.Opening) }
    var attempt by remember { mutableStateOf(0) }
    LaunchedEffect(attempt) {
        startup =
            try {
                val core = app.core.get()
                Startup.Ready(core, withContext(Dispatchers.IO) { core.status().profileSet })
            } catch (e: SafarException) {
                Startup.Failed(e.toUiError())
            }
    }
    when (val s = startup) {
        Startup.Opening ->
            Column(
                Modifier.fillMaxSize().padding(32.dp),
                verticalArrangement = Arrangement.Center,
                horizontalAlignment = Alignment.CenterHorizontally,
            ) {
                LoadingBox()
                Text(stringResource(R.string.preparing_content), style = MaterialTheme.typography.bodyLarge)
            }
        is Startup.Failed -> Column(Modifier.padding(32.dp)) { ErrorCard(s.error) { attempt++ } }
        is Startup.Ready ->
            CompositionLocalProvider(LocalCore provides s.core) {
                SafarNavHost(!s.profileSet, pendingImport, onImportHandled)
            }
    }
}
