package org.safar.app.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.DESTINATIONS
import org.safar.app.state.HOTLINE_CATEGORIES
import org.safar.app.state.HotlinesStateHolder
import org.safar.app.state.Loadable
import org.safar.app.state.ORIGINS
import org.safar.app.ui.LocalCore
import org.safar.app.ui.components.Choice
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.HotlineCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.ReportProblemDialog
import org.safar.app.ui.label
import org.safar.app.ui.screenModel

/** Help lines: tap to call; open now as the core judges it in the line's own time zone. */
@Composable
fun HotlinesScreen(focus: String?) {
    val core = LocalCore.current
    val model = screenModel(key = "hotlines-$focus") { HotlinesStateHolder(core, focus) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    val list = rememberLazyListState()
    var reporting by remember { mutableStateOf<String?>(null) }
    LaunchedEffect(Unit) { model.run { load() } }
    // Scroll to the line an article linked to (3 rows of filters come first).
    val hotlines = (state.hotlines as? Loadable.Ready)?.value
    LaunchedEffect(hotlines, state.focusId) {
        val index = hotlines?.indexOfFirst { it.id == state.focusId } ?: -1
        if (index >= 0) list.animateScrollToItem(index + 3)
    }

    ScreenFrame(stringResource(R.string.nav_hotlines), busy = busy > 0, listState = list) {
        item {
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Choice(state.country == null, stringResource(R.string.for_me)) { model.run { setCountry(null) } } }
                (ORIGINS + DESTINATIONS).distinct().forEach { c ->
                    item { Choice(state.country == c, label(c)) { model.run { setCountry(c) } } }
                }
            }
        }
        item {
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Choice(state.category == null, stringResource(R.string.all)) { model.run { setCategory(null) } } }
                HOTLINE_CATEGORIES.forEach { c ->
                    item { Choice(state.category == c, label(c)) { model.run { setCategory(c) } } }
                }
            }
        }
        item {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Switch(checked = state.openNowOnly, onCheckedChange = { on -> model.run { setOpenNowOnly(on) } })
                Text(stringResource(R.string.open_now_only))
            }
        }
        when (val s = state.hotlines) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready ->
                if (s.value.isEmpty()) {
                    item { Text(stringResource(R.string.nothing_here)) }
                } else {
                    s.value.forEach { h -> item(key = h.id) { HotlineCard(h, h.id == state.focusId) { reporting = h.id } } }
                }
        }
    }
    reporting?.let { id -> ReportProblemDialog("hotline", id) { reporting = null } }
}
