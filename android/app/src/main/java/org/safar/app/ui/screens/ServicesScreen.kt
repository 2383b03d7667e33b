package org.safar.app.ui.screens

import android.Manifest
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.foundation.text.KeyboardActions
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.LocationOn
import androidx.compose.material3.Button
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.ImeAction
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import kotlinx.coroutines.launch
import org.safar.app.R
import org.safar.app.currentCoarseLocation
import org.safar.app.state.DESTINATIONS
import org.safar.app.state.Loadable
import org.safar.app.state.NEAR_ME_RADII_KM
import org.safar.app.state.ORIGINS
import org.safar.app.state.SERVICE_CATEGORIES
import org.safar.app.state.ServicePlace
import org.safar.app.state.ServicesStateHolder
import org.safar.app.ui.LocalCore
import org.safar.app.ui.components.Choice
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.ReportProblemDialog
import org.safar.app.ui.components.ServiceCard
import org.safar.app.ui.label
import org.safar.app.ui.screenModel

/**
 * Services by district, or near me. Location permission is asked here only, when the user taps
 * "near me"; refusing it leaves the district search, which needs no permission.
 */
@Composable
fun ServicesScreen(focus: String?) {
    val core = LocalCore.current
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    val model = screenModel(key = "services-$focus") { ServicesStateHolder(core, focus) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    val list = rememberLazyListState()
    var district by rememberSaveable { mutableStateOf("") }
    var radius by rememberSaveable { mutableStateOf(NEAR_ME_RADII_KM[1]) }
    var locationNote by remember { mutableStateOf<Int?>(null) }
    var reporting by remember { mutableStateOf<String?>(null) }
    LaunchedEffect(Unit) { model.run { load() } }
    val services = (state.services as? Loadable.Ready)?.value
    LaunchedEffect(services, state.focusId) {
        val index = services?.indexOfFirst { it.id == state.focusId } ?: -1
        if (index >= 0) list.animateScrollToItem(index + 4)
    }

    fun searchNearMe() =
        scope.launch {
            val location = currentCoarseLocation(context)
            if (location == null) {
                locationNote = R.string.location_unavailable
            } else {
                locationNote = null
                model.run { nearMe(location.latitude, location.longitude, radius) }
            }
        }
    val askLocation =
        rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
            if (granted) searchNearMe() else locationNote = R.string.location_denied
        }
    val place = state.place

    ScreenFrame(stringResource(R.string.nav_services), busy = busy > 0, listState = list) {
        item {
            Button(onClick = { askLocation.launch(Manifest.permission.ACCESS_COARSE_LOCATION) }, modifier = Modifier.fillMaxWidth()) {
                Icon(Icons.Filled.LocationOn, contentDescription = null)
                Text(stringResource(R.string.near_me))
            }
            Text(stringResource(R.string.location_why), style = MaterialTheme.typography.bodySmall)
            locationNote?.let { Text(stringResource(it), color = MaterialTheme.colorScheme.error) }
            if (place is ServicePlace.NearMe) {
                LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    NEAR_ME_RADII_KM.forEach { r ->
                        item {
                            Choice(radius == r, stringResource(R.string.within_km, r)) { radius = r; searchNearMe() }
                        }
                    }
                }
            }
        }
        item {
            Text(stringResource(R.string.by_district), style = MaterialTheme.typography.titleMedium)
            val country = (place as? ServicePlace.ByRegion)?.country
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                (ORIGINS + DESTINATIONS).distinct().forEach { c ->
                    item { Choice(country == c, label(c)) { model.run { byRegion(c, district) } } }
                }
            }
            OutlinedTextField(
                value = district,
                onValueChange = { district = it },
                label = { Text(stringResource(R.string.district_hint)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(imeAction = ImeAction.Search),
                keyboardActions = KeyboardActions(onSearch = { model.run { byRegion(country, district) } }),
                modifier = Modifier.fillMaxWidth(),
            )
        }
        item {
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Choice(state.category == null, stringResource(R.string.all)) { model.run { setCategory(null) } } }
                SERVICE_CATEGORIES.forEach { c ->
                    item { Choice(state.category == c, label(c)) { model.run { setCategory(c) } } }
                }
            }
        }
        item {
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                Switch(checked = state.freeOnly, onCheckedChange = { on -> model.run { setFreeOnly(on) } })
                Text(stringResource(R.string.free_only))
            }
        }
        when (val s = state.services) {
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(s.error) { model.run { load() } } }
            is Loadable.Ready ->
                if (s.value.isEmpty()) {
                    item { Text(stringResource(R.string.nothing_here)) }
                } else {
                    s.value.forEach { sv ->
                        item(key = sv.id) { ServiceCard(sv, sv.id == state.focusId) { reporting = sv.id } }
                    }
                }
        }
    }
    reporting?.let { id -> ReportProblemDialog("service", id) { reporting = null } }
}
