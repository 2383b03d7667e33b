package org.safar.app.ui.screens

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Call
import androidx.compose.material.icons.filled.Place
import androidx.compose.material.icons.filled.Star
import androidx.compose.material3.FilledTonalButton
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.ArticleStateHolder
import org.safar.app.state.LinkTarget
import org.safar.app.state.Loadable
import org.safar.app.ui.LocalCore
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.BlockView
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.FallbackNote
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.SectionTitle
import org.safar.app.ui.screenModel

/** An article from the core's block tree, its help list, source and the bookmark. */
@Composable
fun ArticleScreen(id: String, nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel(key = "article-$id") { ArticleStateHolder(core, id) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { model.run { load() } }

    ScreenFrame(title = null, onBack = { nav.back() }, busy = busy > 0) {
        when (val s = state.article) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready -> {
                val article = s.value
                item {
                    Text(article.summary.title, style = MaterialTheme.typography.headlineSmall)
                    if (article.summary.isFallback) FallbackNote(article.summary.lang)
                    Text(stringResource(R.string.reviewed_on, article.summary.reviewedAt), style = MaterialTheme.typography.labelMedium)
                    OutlinedButton(onClick = { model.run { setBookmarked(!article.bookmarked) } }) {
                        Icon(Icons.Filled.Star, contentDescription = null)
                        Text(stringResource(if (article.bookmarked) R.string.bookmark_remove else R.string.bookmark_add))
                    }
                }
                state.bookmarkError?.let { item { ErrorCard(it) } }
                article.blocks.forEach { block -> item { BlockView(block, nav::follow) } }
                if (article.help.isNotEmpty()) {
                    item { SectionTitle(stringResource(R.string.get_help)) }
                    article.help.forEach { target -> item { HelpButton(target) { nav.follow(target) } } }
                }
                item { Text(stringResource(R.string.source, article.source), style = MaterialTheme.typography.bodySmall) }
            }
        }
    }
}

@Composable
private fun HelpButton(target: LinkTarget, onClick: () -> Unit) {
    val (icon, kind, id) =
        when (target) {
            is LinkTarget.Hotline -> Triple(Icons.Filled.Call, R.string.kind_hotline, target.id)
            is LinkTarget.Service -> Triple(Icons.Filled.Place, R.string.kind_service, target.id)
            else -> return
        }
    FilledTonalButton(onClick = onClick, modifier = Modifier.fillMaxWidth()) {
        Icon(icon, contentDescription = null)
        Text("${stringResource(kind)}: $id")
    }
}
