package org.safar.app.ui.screens

import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.ui.res.stringResource
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.BookmarksStateHolder
import org.safar.app.state.Loadable
import org.safar.app.ui.LocalCore
import org.safar.app.ui.Navigator
import org.safar.app.ui.components.ArticleRow
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.screenModel

@Composable
fun BookmarksScreen(nav: Navigator) {
    val core = LocalCore.current
    val model = screenModel { BookmarksStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    LaunchedEffect(Unit) { model.run { load() } }

    ScreenFrame(stringResource(R.string.nav_bookmarks), onBack = { nav.back() }) {
        when (val s = state) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready ->
                if (s.value.isEmpty()) {
                    item { Text(stringResource(R.string.nothing_here)) }
                } else {
                    s.value.forEach { a ->
                        item(key = a.id) {
                            ArticleRow(a, nav::article)
                            TextButton(onClick = { model.run { remove(a.group) } }) { Text(stringResource(R.string.delete)) }
                        }
                    }
                }
        }
    }
}
