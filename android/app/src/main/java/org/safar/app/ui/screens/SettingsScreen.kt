package org.safar.app.ui.screens

import android.content.Context
import android.content.Intent
import android.net.Uri
import android.text.format.DateFormat
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.LinearProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.core.content.FileProvider
import androidx.lifecycle.ViewModel
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.compose.viewModel
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.safar.app.BuildConfig
import org.safar.app.R
import org.safar.app.SafarApplication
import org.safar.app.state.ErrorKind
import org.safar.app.state.Loadable
import org.safar.app.state.SettingsStateHolder
import org.safar.app.state.SyncState
import org.safar.app.state.SyncStateHolder
import org.safar.app.state.TransferState
import org.safar.app.state.TransferStateHolder
import org.safar.app.state.UiError
import org.safar.app.sync.SyncScheduler
import org.safar.app.ui.LocalCore
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.SampleBanner
import org.safar.app.ui.components.SectionTitle
import org.safar.app.ui.isoDate
import org.safar.app.ui.label
import org.safar.app.ui.plural
import org.safar.app.ui.screenModel
import uniffi.safar_ffi.SafarApp
import java.io.File
import java.util.Date

/** Runs a sync on Dispatchers.IO and publishes its progress as it comes; Stop cancels at once. */
class SyncViewModel(core: SafarApp, private val app: SafarApplication) : ViewModel() {
    private val _state = MutableStateFlow<SyncState>(SyncState.Idle)
    private val holder = SyncStateHolder(core, BuildConfig.UPDATE_URL) { _state.value = it }
    val state = _state.asStateFlow()

    init {
        _state.value = holder.state
    }

    fun start() {
        if (_state.value is SyncState.Running) return
        viewModelScope.launch(Dispatchers.IO) {
            if (holder.sync() is SyncState.Done) app.preferences.lastSyncAt = System.currentTimeMillis()
        }
    }

    fun cancel() = holder.cancel()

    override fun onCleared() = holder.cancel()
}

@Composable
fun SettingsScreen(nav: Navigator, pendingImport: String?, onImportHandled: () -> Unit) {
    val core = LocalCore.current
    val context = LocalContext.current
    val app = context.applicationContext as SafarApplication
    val scope = rememberCoroutineScope()
    val settings = screenModel { SettingsStateHolder(core) }
    val transfer = screenModel { TransferStateHolder(core) }
    val sync = viewModel { SyncViewModel(core, app) }
    val state by settings.state.collectAsStateWithLifecycle()
    val transferState by transfer.state.collectAsStateWithLifecycle()
    val syncState by sync.state.collectAsStateWithLifecycle()
    val busy by transfer.busy.collectAsStateWithLifecycle()
    var wifiOnly by remember { mutableStateOf(app.preferences.wifiOnly) }
    var confirmWipe by remember { mutableStateOf(false) }
    var fileError by remember { mutableStateOf<UiError?>(null) }
    LaunchedEffect(Unit) { settings.run { load() } }
    // Content changed: show the new version and age.
    LaunchedEffect(syncState, transferState) {
        if (syncState is SyncState.Done || transferState is TransferState.Imported) settings.run { load() }
    }

    fun importFrom(uri: Uri) =
        scope.launch {
            try {
                val file = copyToCache(context, uri)
                transfer.run { importBundle(file.path) }
                fileError = null
            } catch (e: Exception) {
                fileError = UiError(ErrorKind.Storage, e.message ?: e.javaClass.simpleName)
            }
        }
    LaunchedEffect(pendingImport) {
        pendingImport?.let {
            importFrom(Uri.parse(it))
            onImportHandled()
        }
    }
    val pickBundle = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri -> uri?.let(::importFrom) }

    ScreenFrame(stringResource(R.string.nav_settings), busy = busy > 0) {
        item { SectionTitle(stringResource(R.string.settings_profile)) }
        item {
            when (val p = state.profile) {
                Loadable.Loading -> LoadingBox()
                is Loadable.Failed -> ErrorCard(p.error)
                is Loadable.Ready ->
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Text(
                            "${label(p.value.origin)} → ${label(p.value.destination)} · ${label(p.value.stage)}",
                            Modifier.weight(1f),
                        )
                        TextButton(onClick = { nav.onboarding() }) { Text(stringResource(R.string.settings_edit_profile)) }
                    }
            }
        }

        item { SectionTitle(stringResource(R.string.settings_content)) }
        item {
            when (val c = state.content) {
                Loadable.Loading -> LoadingBox()
                is Loadable.Failed -> ErrorCard(c.error) { settings.run { load() } }
                is Loadable.Ready ->
                    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
                        val info = c.value
                        if (info.sample) SampleBanner()
                        info.repository?.let { Text(it, style = MaterialTheme.typography.titleMedium) }
                        info.seq?.let { Text(stringResource(R.string.settings_version, it.toInt())) }
                        info.publishedAt?.let { Text(stringResource(R.string.settings_published, isoDate(it))) }
                        info.ageDays?.let { Text(plural(R.plurals.content_age_days, it)) }
                        val last = app.preferences.lastSyncAt
                        Text(
                            if (last == 0L) {
                                stringResource(R.string.settings_never_updated)
                            } else {
                                stringResource(R.string.settings_last_update, DateFormat.getMediumDateFormat(context).format(Date(last)))
                            },
                        )
                    }
            }
        }
        item {
            Row(verticalAlignment = Alignment.CenterVertically) {
                Column(Modifier.weight(1f)) {
                    Text(stringResource(R.string.settings_wifi_only), style = MaterialTheme.typography.titleMedium)
                    Text(stringResource(R.string.settings_wifi_only_hint), style = MaterialTheme.typography.bodySmall)
                }
                Switch(checked = wifiOnly, onCheckedChange = { on ->
                    wifiOnly = on
                    app.preferences.wifiOnly = on
                    SyncScheduler.schedule(context, on)
                })
            }
        }
        item { SyncPanel(syncState, onStart = sync::start, onStop = sync::cancel) }

        item { SectionTitle(stringResource(R.string.bundle_hint)) }
        item {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { pickBundle.launch(arrayOf("*/*")) }, modifier = Modifier.fillMaxWidth()) {
                    Text(stringResource(R.string.bundle_import))
                }
                OutlinedButton(
                    onClick = {
                        val out = File(context.cacheDir, "bundles/safar.safar").apply { parentFile?.mkdirs(); delete() }
                        transfer.run { exportBundle(out.path) }
                    },
                    modifier = Modifier.fillMaxWidth(),
                ) { Text(stringResource(R.string.bundle_export)) }
                fileError?.let { ErrorCard(it) }
                TransferResult(transferState, context) { transfer.run { reset() } }
            }
        }

        item { SectionTitle(stringResource(R.string.wipe)) }
        item {
            OutlinedButton(onClick = { confirmWipe = true }, modifier = Modifier.fillMaxWidth()) { Text(stringResource(R.string.wipe)) }
            if (state.wiped) Text(stringResource(R.string.wipe_done))
            state.wipeError?.let { ErrorCard(it) }
        }
    }

    if (confirmWipe) {
        AlertDialog(
            onDismissRequest = { confirmWipe = false },
            text = { Text(stringResource(R.string.wipe_confirm)) },
            confirmButton = {
                TextButton(onClick = {
                    confirmWipe = false
                    settings.run { wipePersonalData() }
                }) { Text(stringResource(R.string.delete)) }
            },
            dismissButton = { TextButton(onClick = { confirmWipe = false }) { Text(stringResource(R.string.cancel)) } },
        )
    }
}

@Composable
private fun SyncPanel(state: SyncState, onStart: () -> Unit, onStop: () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        when (state) {
            SyncState.NotConfigured -> Text(stringResource(R.string.sync_not_configured))
            is SyncState.Running -> {
                val progress = if (state.bytesTotal > 0) state.bytesDone.toFloat() / state.bytesTotal else null
                Text(stringResource(R.string.sync_running, state.collection))
                if (progress != null) {
                    LinearProgressIndicator(progress = { progress }, modifier = Modifier.fillMaxWidth())
                } else {
                    LinearProgressIndicator(Modifier.fillMaxWidth())
                }
                OutlinedButton(onClick = onStop) { Text(stringResource(R.string.sync_stop)) }
            }
            else -> {
                when (state) {
                    is SyncState.Done ->
                        Text(
                            if (state.upToDate) {
                                stringResource(R.string.sync_up_to_date)
                            } else {
                                stringResource(R.string.sync_done, state.updatedCollections.size + state.removedCollections.size)
                            },
                        )
                    SyncState.Cancelled -> Text(stringResource(R.string.sync_cancelled))
                    is SyncState.Failed -> {
                        Text(stringResource(R.string.sync_failed))
                        ErrorCard(state.error)
                    }
                    else -> Unit
                }
                Button(onClick = onStart, modifier = Modifier.fillMaxWidth()) { Text(stringResource(R.string.sync_now)) }
            }
        }
    }
}

@Composable
private fun TransferResult(state: TransferState, context: Context, onShared: () -> Unit) {
    when (state) {
        TransferState.Idle -> Unit
        is TransferState.Imported ->
            Text(
                if (state.upToDate) {
                    stringResource(R.string.bundle_up_to_date)
                } else {
                    stringResource(R.string.bundle_imported, state.updatedCollections.size + state.removedCollections.size)
                },
            )
        is TransferState.Exported -> {
            val title = stringResource(R.string.bundle_share_title)
            // Hand the file to the share sheet (messenger, Bluetooth, Files → SD card) once.
            LaunchedEffect(state) {
                share(context, File(state.path), title)
                onShared()
            }
        }
        is TransferState.Failed -> ErrorCard(state.error)
    }
}

private fun share(context: Context, file: File, title: String) {
    val uri = FileProvider.getUriForFile(context, "${context.packageName}.files", file)
    val send =
        Intent(Intent.ACTION_SEND)
            .setType("application/octet-stream")
            .putExtra(Intent.EXTRA_STREAM, uri)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
    context.startActivity(Intent.createChooser(send, title))
}

/** The core reads files by path: copy the picked or shared document into the app's cache. */
private suspend fun copyToCache(context: Context, uri: Uri): File =
    withContext(Dispatchers.IO) {
        val file = File(context.cacheDir, "bundles/incoming.safar").apply { parentFile?.mkdirs() }
        val input = context.contentResolver.openInputStream(uri) ?: error("cannot open $uri")
        input.use { i -> file.outputStream().use { o -> i.copyTo(o) } }
        file
    }
