package org.safar.app.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.GuideStateHolder
import org.safar.app.state.Loadable
import org.safar.app.ui.LocalCore
import org.safar.app.ui.components.Choice
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ArticleRow
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.screenModel

@Composable
fun GuideScreen(topic: String?, nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel(key = "guide-$topic") { GuideStateHolder(core, topic) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { model.run { load() } }

    ScreenFrame(stringResource(R.string.nav_guide), busy = busy > 0) {
        item {
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Choice(state.topic == null, stringResource(R.string.all)) { model.run { selectTopic(null) } } }
                (state.topics as? Loadable.Ready)?.value?.forEach { t ->
                    item { Choice(state.topic == t.topic, t.title) { model.run { selectTopic(t.topic) } } }
                }
            }
        }
        (state.topics as? Loadable.Failed)?.let { f -> item { ErrorCard(f.error) { model.run { load() } } } }
        when (val a = state.articles) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(a.error) { model.run { load() } } }
            is Loadable.Ready ->
                if (a.value.isEmpty()) {
                    item { Text(stringResource(R.string.nothing_here)) }
                } else {
                    a.value.forEach { article -> item(key = article.id) { ArticleRow(article, nav::article) } }
                }
        }
    }
}
