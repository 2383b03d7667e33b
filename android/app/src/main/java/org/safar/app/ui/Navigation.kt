package org.safar.app.ui

import android.content.Context
import android.net.Uri
import android.widget.Toast
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Call
import androidx.compose.material.icons.filled.Home
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.Search
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material3.Icon
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.staticCompositionLocalOf
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.navigation.NavGraph.Companion.findStartDestination
import androidx.navigation.NavHostController
import androidx.navigation.NavType
import androidx.navigation.compose.NavHost
import androidx.navigation.compose.composable
import androidx.navigation.compose.currentBackStackEntryAsState
import androidx.navigation.compose.rememberNavController
import androidx.navigation.navArgument
import org.safar.app.R
import org.safar.app.state.LinkTarget
import org.safar.app.ui.components.dial
import org.safar.app.ui.components.openUri
import org.safar.app.ui.screens.ArticleScreen
import org.safar.app.ui.screens.BookmarksScreen
import org.safar.app.ui.screens.ChecklistScreen
import org.safar.app.ui.screens.GuideScreen
import org.safar.app.ui.screens.HealthScreen
import org.safar.app.ui.screens.HomeScreen
import org.safar.app.ui.screens.HotlinesScreen
import org.safar.app.ui.screens.OnboardingScreen
import org.safar.app.ui.screens.RemittanceScreen
import org.safar.app.ui.screens.SearchScreen
import org.safar.app.ui.screens.ServicesScreen
import org.safar.app.ui.screens.SettingsScreen
import uniffi.safar_ffi.SafarApp

/** The open core, for every screen below the root. */
val LocalCore = staticCompositionLocalOf<SafarApp> { error("the core is not open yet") }

/** Where screens can go. One object so screens do not know about routes. */
class Navigator(private val nav: NavHostController, private val context: Context) {
    /** Home, with nothing to go back to (after onboarding). */
    fun home() = nav.navigate("home") { popUpTo(nav.graph.id) { inclusive = true } }

    fun onboarding() = nav.navigate("onboarding")

    fun article(id: String) = nav.navigate("article/${Uri.encode(id)}")

    fun guide(topic: String? = null) = nav.navigate(if (topic == null) "guide" else "guide?topic=${Uri.encode(topic)}")

    fun hotlines(focus: String? = null) = nav.navigate(withFocus("hotlines", focus))

    fun services(focus: String? = null) = nav.navigate(withFocus("services", focus))

    private fun withFocus(route: String, focus: String?) = if (focus == null) route else "$route?focus=${Uri.encode(focus)}"

    fun to(route: String) = nav.navigate(route)

    fun back() = nav.popBackStack()

    /** Follows a link from an article, a search hit or a help list. */
    fun follow(target: LinkTarget) {
        when (target) {
            is LinkTarget.Article -> article(target.group)
            is LinkTarget.Hotline -> hotlines(target.id)
            is LinkTarget.Service -> services(target.id)
            is LinkTarget.Phone -> dial(context, target.number.let { if (it.startsWith("tel:")) it else "tel:$it" })
            is LinkTarget.Web -> openUri(context, target.url)
            is LinkTarget.Audio -> Toast.makeText(context, R.string.audio_not_supported, Toast.LENGTH_SHORT).show()
            is LinkTarget.Unsupported -> Unit
        }
    }
}

private data class Tab(val route: String, val label: Int, val icon: ImageVector)

private val tabs =
    listOf(
        Tab("home", R.string.nav_home, Icons.Filled.Home),
        Tab("guide", R.string.nav_guide, Icons.Filled.Info),
        Tab("hotlines", R.string.nav_hotlines, Icons.Filled.Call),
        Tab("search", R.string.nav_search, Icons.Filled.Search),
        Tab("settings", R.string.nav_settings, Icons.Filled.Settings),
    )

/** The screens. [startWithOnboarding]: no profile yet. [pendingImport]: a shared .safar file to import. */
@Composable
fun SafarNavHost(startWithOnboarding: Boolean, pendingImport: String?, onImportHandled: () -> Unit) {
    val nav = rememberNavController()
    val navigator = Navigator(nav, LocalContext.current)
    val entry by nav.currentBackStackEntryAsState()
    val current = entry?.destination?.route?.substringBefore('?')
    Scaffold(
        bottomBar = {
            if (current != "onboarding") {
                NavigationBar {
                    tabs.forEach { tab ->
                        NavigationBarItem(
                            selected = current == tab.route,
                            onClick = {
                                nav.navigate(tab.route) {
                                    popUpTo(nav.graph.findStartDestination().id) { saveState = true }
                                    launchSingleTop = true
                                    restoreState = true
                                }
                            },
                            icon = { Icon(tab.icon, contentDescription = null) },
                            label = { Text(stringResource(tab.label)) },
                        )
                    }
                }
            }
        },
    ) { padding ->
        NavHost(nav, if (startWithOnboarding) "onboarding" else "home", Modifier.padding(padding)) {
            composable("onboarding") { OnboardingScreen(onDone = navigator::home) }
            composable("home") { HomeScreen(navigator) }
            composable(
                "guide?topic={topic}",
                arguments = listOf(navArgument("topic") { type = NavType.StringType; nullable = true }),
            ) { GuideScreen(it.arguments?.getString("topic"), navigator) }
            composable("article/{id}") { ArticleScreen(it.arguments?.getString("id").orEmpty(), navigator) }
            composable("health") { HealthScreen(navigator) }
            composable("search") { SearchScreen(navigator) }
            composable("checklist") { ChecklistScreen(navigator) }
            composable(
                "hotlines?focus={focus}",
                arguments = listOf(navArgument("focus") { type = NavType.StringType; nullable = true }),
            ) { HotlinesScreen(it.arguments?.getString("focus")) }
            composable(
                "services?focus={focus}",
                arguments = listOf(navArgument("focus") { type = NavType.StringType; nullable = true }),
            ) { ServicesScreen(it.arguments?.getString("focus")) }
            composable("remittance") { RemittanceScreen() }
            composable("bookmarks") { BookmarksScreen(navigator) }
            composable("settings") { SettingsScreen(navigator, pendingImport, onImportHandled) }
        }
    }
    // A .safar file shared to the app opens settings, where the import runs and is reported.
    LaunchedEffect(pendingImport, current) {
        if (pendingImport != null && current != null && current != "settings" && current != "onboarding") {
            navigator.to("settings")
        }
    }
}
