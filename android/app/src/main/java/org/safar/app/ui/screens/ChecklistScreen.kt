package org.safar.app.ui.screens

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Card
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.ChecklistStateHolder
import org.safar.app.state.Loadable
import org.safar.app.ui.LocalCore
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.ProvenanceLine
import org.safar.app.ui.components.SectionTitle
import org.safar.app.ui.label
import org.safar.app.ui.screenModel

/** Steps and deadlines (dated by the core from the arrival date); ticks are saved on the phone. */
@Composable
fun ChecklistScreen(nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel { ChecklistStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { model.run { load() } }

    ScreenFrame(stringResource(R.string.nav_checklist), onBack = { nav.back() }, busy = busy > 0) {
        state.toggleError?.let { item { ErrorCard(it) } }
        when (val s = state.checklist) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready -> {
                val list = s.value
                item {
                    if (list.overdue > 0) {
                        Text(
                            stringResource(R.string.checklist_overdue, list.overdue),
                            color = MaterialTheme.colorScheme.error,
                            style = MaterialTheme.typography.titleMedium,
                        )
                    }
                    list.nextDue?.let {
                        Text(stringResource(R.string.checklist_next, it.title), style = MaterialTheme.typography.bodyLarge)
                    }
                }
                // The core lists steps phase by phase; a header where the phase changes.
                list.items.forEachIndexed { i, step ->
                    if (i == 0 || list.items[i - 1].phase != step.phase) item { SectionTitle(label(step.phase)) }
                    item(key = step.id) {
                        Card(Modifier.fillMaxWidth()) {
                            Row(Modifier.padding(8.dp), verticalAlignment = Alignment.Top) {
                                Checkbox(checked = step.done, onCheckedChange = { done -> model.run { setDone(step.id, done) } })
                                Column(Modifier.padding(start = 4.dp)) {
                                    Text(step.title, style = MaterialTheme.typography.titleMedium)
                                    step.due?.let { Text(stringResource(R.string.due_on, it)) }
                                    if (step.overdue) Text(stringResource(R.string.overdue), color = MaterialTheme.colorScheme.error)
                                    step.details?.let { Text(it, style = MaterialTheme.typography.bodyMedium) }
                                    step.article?.let { a ->
                                        TextButton(onClick = { nav.article(a) }) { Text(stringResource(R.string.read_more)) }
                                    }
                                    ProvenanceLine(step.provenance)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
