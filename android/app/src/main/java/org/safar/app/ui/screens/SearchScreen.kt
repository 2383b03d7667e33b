package org.safar.app.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.Loadable
import org.safar.app.state.SEARCH_KINDS
import org.safar.app.state.SearchStateHolder
import org.safar.app.ui.LocalCore
import org.safar.app.ui.components.Choice
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.StyledTextView
import org.safar.app.ui.label
import org.safar.app.ui.screenModel

/** One box for articles, hotlines and services; Cyrillic or Latin both work (the core folds them). */
@Composable
fun SearchScreen(nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel { SearchStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    var query by rememberSaveable { mutableStateOf(state.query) }

    ScreenFrame(stringResource(R.string.nav_search), busy = busy > 0) {
        item {
            OutlinedTextField(
                value = query,
                onValueChange = { query = it },
                placeholder = { Text(stringResource(R.string.search_hint)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(imeAction = ImeAction.Search),
                keyboardActions = KeyboardActions(onSearch = { model.run { search(query) } }),
                modifier = Modifier.fillMaxWidth(),
            )
        }
        item {
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Choice(state.kind == null, stringResource(R.string.all)) { model.run { search(query, null) } } }
                SEARCH_KINDS.forEach { kind ->
                    item { Choice(state.kind == kind, label(kind)) { model.run { search(query, kind) } } }
                }
            }
        }
        when (val hits = state.hits) {
            null, Loadable.Loading -> Unit
            is Loadable.Failed -> item { ErrorCard(hits.error) }
            is Loadable.Ready ->
                if (hits.value.isEmpty()) {
                    item { Text(stringResource(R.string.no_results)) }
                } else {
                    hits.value.forEach { hit ->
                        item(key = "${hit.kind}-${hit.id}") {
                            Card(Modifier.fillMaxWidth().clickable { nav.follow(hit.target) }) {
                                Column(Modifier.padding(12.dp)) {
                                    Text(label(hit.kind), style = MaterialTheme.typography.labelMedium)
                                    Text(hit.title, style = MaterialTheme.typography.titleMedium)
                                    StyledTextView(hit.snippet, MaterialTheme.typography.bodyMedium, nav::follow)
                                }
                            }
                        }
                    }
                }
        }
    }
}
