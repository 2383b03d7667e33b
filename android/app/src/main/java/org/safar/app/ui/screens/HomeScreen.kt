package org.safar.app.ui.screens

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.automirrored.filled.Send
import androidx.compose.material.icons.filled.CheckCircle
import androidx.compose.material.icons.filled.Favorite
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Place
import androidx.compose.material.icons.filled.Star
import androidx.compose.material3.AssistChip
import androidx.compose.material3.Card
import androidx.compose.material3.ElevatedCard
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.ChecklistItem
import org.safar.app.state.HomeStateHolder
import org.safar.app.state.Loadable
import org.safar.app.ui.LocalCore
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ArticleRow
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.HotlineCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.ReportProblemDialog
import org.safar.app.ui.components.SampleBanner
import org.safar.app.ui.components.SectionTitle
import org.safar.app.ui.components.ServiceCard
import org.safar.app.ui.label
import org.safar.app.ui.plural
import org.safar.app.ui.screenModel

@OptIn(ExperimentalLayoutApi::class)
@Composable
fun HomeScreen(nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel { HomeStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    var reporting by remember { mutableStateOf<Pair<String, String>?>(null) }
    LaunchedEffect(Unit) { model.run { load() } }

    ScreenFrame(stringResource(R.string.app_name), busy = busy > 0) {
        when (val s = state) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready -> {
                val home = s.value
                if (!home.profileSet) item { LaunchedEffect(Unit) { nav.onboarding() } }
                if (home.sample) item { SampleBanner() }
                item {
                    Text(
                        "${label(home.profile.origin)} → ${label(home.profile.destination)} · ${label(home.profile.stage)}",
                        style = MaterialTheme.typography.titleMedium,
                    )
                    // The age as the core counts it; the app never decides content is too old to show.
                    home.contentAgeDays?.let { Text(plural(R.plurals.content_age_days, it)) }
                }
                item {
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                        Tile(Icons.Filled.CheckCircle, R.string.nav_checklist) { nav.to("checklist") }
                        Tile(Icons.Filled.Favorite, R.string.nav_health) { nav.to("health") }
                        Tile(Icons.Filled.Place, R.string.nav_services) { nav.services() }
                        Tile(Icons.AutoMirrored.Filled.Send, R.string.nav_remittance) { nav.to("remittance") }
                        Tile(Icons.Filled.Star, R.string.nav_bookmarks) { nav.to("bookmarks") }
                        Tile(Icons.Filled.Info, R.string.nav_guide) { nav.guide() }
                    }
                }
                if (home.nextDeadlines.isNotEmpty()) {
                    item { SectionTitle(stringResource(R.string.next_deadlines)) }
                    home.nextDeadlines.forEach { item(key = "due-${it.id}") { DeadlineRow(it) { nav.to("checklist") } } }
                }
                if (home.startHere.isNotEmpty()) {
                    item { SectionTitle(stringResource(R.string.start_here)) }
                    home.startHere.forEach { item(key = "start-${it.id}") { ArticleRow(it, nav::article) } }
                }
                if (home.hotlines.isNotEmpty()) {
                    item { SectionTitle(stringResource(R.string.help_now)) }
                    home.hotlines.forEach { h ->
                        item(key = "hotline-${h.id}") { HotlineCard(h, highlighted = false) { reporting = "hotline" to h.id } }
                    }
                }
                if (home.reintegration.isNotEmpty()) {
                    item { SectionTitle(stringResource(R.string.reintegration)) }
                    home.reintegration.forEach { sv ->
                        item(key = "service-${sv.id}") { ServiceCard(sv, highlighted = false) { reporting = "service" to sv.id } }
                    }
                }
                if (home.recentlyRead.isNotEmpty()) {
                    item { SectionTitle(stringResource(R.string.recently_read)) }
                    home.recentlyRead.forEach { item(key = "recent-${it.id}") { ArticleRow(it, nav::article) } }
                }
                item {
                    SectionTitle(stringResource(R.string.topics))
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        home.topics.forEach { t ->
                            AssistChip(onClick = { nav.guide(t.topic) }, label = { Text("${t.title} (${t.count})") })
                        }
                    }
                }
            }
        }
    }
    reporting?.let { (kind, id) -> ReportProblemDialog(kind, id) { reporting = null } }
}

/** A big square button: icon and word, for readers who scan pictures first. */
@Composable
private fun Tile(icon: ImageVector, text: Int, onClick: () -> Unit) {
    ElevatedCard(Modifier.width(104.dp).clickable(onClick = onClick)) {
        Column(Modifier.padding(12.dp).fillMaxWidth(), horizontalAlignment = Alignment.CenterHorizontally) {
            Icon(icon, contentDescription = null, tint = MaterialTheme.colorScheme.primary)
            Text(stringResource(text), style = MaterialTheme.typography.labelLarge)
        }
    }
}

@Composable
fun DeadlineRow(item: ChecklistItem, onOpen: () -> Unit) {
    Card(Modifier.fillMaxWidth().clickable(onClick = onOpen)) {
        Column(Modifier.padding(12.dp)) {
            Text(item.title, style = MaterialTheme.typography.titleMedium)
            item.due?.let { Text(stringResource(R.string.due_on, it), style = MaterialTheme.typography.bodyMedium) }
            if (item.overdue) Text(stringResource(R.string.overdue), color = MaterialTheme.colorScheme.error)
        }
    }
}
