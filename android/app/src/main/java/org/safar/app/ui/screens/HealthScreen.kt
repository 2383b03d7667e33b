package org.safar.app.ui.screens

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.HealthStateHolder
import org.safar.app.state.Loadable
import org.safar.app.ui.LocalCore
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ArticleRow
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.HotlineCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.ReportProblemDialog
import org.safar.app.ui.components.SectionTitle
import org.safar.app.ui.components.ServiceCard
import org.safar.app.ui.screenModel

/** TB, HIV and health: articles, care services and hotlines, as the core picks them for the profile. */
@Composable
fun HealthScreen(nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel { HealthStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    var reporting by remember { mutableStateOf<Pair<String, String>?>(null) }
    LaunchedEffect(Unit) { model.run { load() } }

    ScreenFrame(stringResource(R.string.nav_health), onBack = { nav.back() }) {
        when (val s = state) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready -> {
                s.value.articles.forEach { a -> item(key = "a-${a.id}") { ArticleRow(a, nav::article) } }
                if (s.value.services.isNotEmpty()) item { SectionTitle(stringResource(R.string.nav_services)) }
                s.value.services.forEach { sv ->
                    item(key = "s-${sv.id}") { ServiceCard(sv, highlighted = false) { reporting = "service" to sv.id } }
                }
                if (s.value.hotlines.isNotEmpty()) item { SectionTitle(stringResource(R.string.nav_hotlines)) }
                s.value.hotlines.forEach { h ->
                    item(key = "h-${h.id}") { HotlineCard(h, highlighted = false) { reporting = "hotline" to h.id } }
                }
            }
        }
    }
    reporting?.let { (kind, id) -> ReportProblemDialog(kind, id) { reporting = null } }
}
