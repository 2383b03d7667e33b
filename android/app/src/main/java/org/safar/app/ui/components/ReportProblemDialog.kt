package org.safar.app.ui.components

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.selection.selectable
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.Problem
import org.safar.app.state.ReportProblemStateHolder
import org.safar.app.state.ReportState
import org.safar.app.ui.LocalCore
import org.safar.app.ui.label
import org.safar.app.ui.screenModel

/** "This number does not answer": saved on the phone, sent with the next update or now. */
@Composable
fun ReportProblemDialog(targetKind: String, targetId: String, onDismiss: () -> Unit) {
    val core = LocalCore.current
    val model = screenModel(key = "report-$targetKind-$targetId") { ReportProblemStateHolder(core, targetKind, targetId) }
    val state by model.state.collectAsStateWithLifecycle()
    var problem by remember { mutableStateOf(Problem.NoAnswer) }
    var note by remember { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(stringResource(R.string.report_problem)) },
        text = {
            when (val s = state) {
                ReportState.Editing ->
                    Column {
                        Problem.entries.forEach { p ->
                            Row(
                                Modifier.selectable(selected = problem == p, onClick = { problem = p }),
                                verticalAlignment = Alignment.CenterVertically,
                            ) {
                                RadioButton(selected = problem == p, onClick = null)
                                Text(stringResource(p.label()))
                            }
                        }
                        OutlinedTextField(note, { note = it }, label = { Text(stringResource(R.string.report_note)) })
                    }
                is ReportState.Saved -> Text(stringResource(R.string.report_saved))
                is ReportState.Sent -> Text(stringResource(R.string.report_sent))
                is ReportState.Failed ->
                    Column {
                        if (s.reportId != null) Text(stringResource(R.string.report_saved))
                        ErrorCard(s.error)
                    }
            }
        },
        confirmButton = {
            when (state) {
                ReportState.Editing ->
                    TextButton(onClick = { model.run { submit(problem, note) } }) { Text(stringResource(R.string.report_send)) }
                is ReportState.Saved ->
                    TextButton(onClick = { model.run { sendNow() } }) { Text(stringResource(R.string.report_send_now)) }
                else -> TextButton(onClick = onDismiss) { Text(stringResource(R.string.close)) }
            }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text(stringResource(R.string.close)) } },
    )
}
