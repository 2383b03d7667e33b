package org.safar.app.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.selection.selectable
import androidx.compose.material3.Button
import androidx.compose.material3.DatePicker
import androidx.compose.material3.DatePickerDialog
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.rememberDatePickerState
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.DESTINATIONS
import org.safar.app.state.LANGUAGES
import org.safar.app.state.ORIGINS
import org.safar.app.state.OnboardingStateHolder
import org.safar.app.state.STAGES
import org.safar.app.ui.LocalCore
import org.safar.app.ui.components.Choice
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.SectionTitle
import org.safar.app.ui.label
import org.safar.app.ui.screenModel
import java.text.SimpleDateFormat
import java.util.Date
import java.util.Locale
import java.util.TimeZone

/** Origin, destination, languages (in order), stage, arrival date. The core checks the answers. */
@OptIn(ExperimentalLayoutApi::class, ExperimentalMaterial3Api::class)
@Composable
fun OnboardingScreen(onDone: () -> Unit) {
    val core = LocalCore.current
    val model = screenModel { OnboardingStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    var pickingDate by remember { mutableStateOf(false) }
    LaunchedEffect(Unit) { model.run { load() } }
    LaunchedEffect(state.saved) { if (state.saved) onDone() }
    val form = state.form

    ScreenFrame(stringResource(R.string.onboarding_title), busy = busy > 0) {
        item { Text(stringResource(R.string.onboarding_intro), style = MaterialTheme.typography.bodyLarge) }
        state.loadError?.let { item { ErrorCard(it) } }
        item {
            SectionTitle(stringResource(R.string.from_country))
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                ORIGINS.forEach { c ->
                    Choice(form.origin == c, label(c)) { model.run { edit { it.copy(origin = c) } } }
                }
            }
        }
        item {
            SectionTitle(stringResource(R.string.to_country))
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                DESTINATIONS.forEach { c ->
                    Choice(form.destination == c, label(c)) { model.run { edit { it.copy(destination = c) } } }
                }
            }
        }
        item {
            SectionTitle(stringResource(R.string.languages_question))
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                LANGUAGES.forEach { (tag, name) ->
                    val position = form.languages.indexOf(tag)
                    // The number shows the order of preference.
                    Choice(position >= 0, if (position >= 0) "${position + 1}. $name" else name) {
                        model.run { toggleLanguage(tag) }
                    }
                }
            }
        }
        item {
            SectionTitle(stringResource(R.string.stage_question))
            STAGES.forEach { s ->
                Row(
                    Modifier.fillMaxWidth().selectable(form.stage == s, onClick = { model.run { edit { it.copy(stage = s) } } }),
                    verticalAlignment = Alignment.CenterVertically,
                ) {
                    RadioButton(selected = form.stage == s, onClick = null)
                    Text(label(s), style = MaterialTheme.typography.bodyLarge)
                }
            }
        }
        item {
            SectionTitle(stringResource(R.string.arrival_question))
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { pickingDate = true }) { Text(form.arrival ?: stringResource(R.string.arrival_pick)) }
                if (form.arrival != null) {
                    TextButton(onClick = { model.run { edit { it.copy(arrival = null) } } }) { Text(stringResource(R.string.arrival_none)) }
                }
            }
        }
        state.error?.let { item { ErrorCard(it) } }
        item {
            Button(onClick = { model.run { save() } }, modifier = Modifier.fillMaxWidth()) {
                Text(stringResource(R.string.onboarding_done))
            }
        }
    }

    if (pickingDate) {
        val picker = rememberDatePickerState()
        DatePickerDialog(
            onDismissRequest = { pickingDate = false },
            confirmButton = {
                TextButton(onClick = {
                    picker.selectedDateMillis?.let { millis -> model.run { edit { it.copy(arrival = isoDay(millis)) } } }
                    pickingDate = false
                }) { Text(stringResource(R.string.save)) }
            },
            dismissButton = { TextButton(onClick = { pickingDate = false }) { Text(stringResource(R.string.cancel)) } },
        ) { DatePicker(picker) }
    }
}

/** The picker gives midnight UTC of the chosen day. */
private fun isoDay(utcMillis: Long): String =
    SimpleDateFormat("yyyy-MM-dd", Locale.ROOT).apply { timeZone = TimeZone.getTimeZone("UTC") }.format(Date(utcMillis))
