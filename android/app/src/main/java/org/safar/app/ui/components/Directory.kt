package org.safar.app.ui.components

import android.content.ActivityNotFoundException
import android.content.Context
import android.content.Intent
import android.net.Uri
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Call
import androidx.compose.material3.AssistChip
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.unit.dp
import org.safar.app.R
import org.safar.app.state.HotlineItem
import org.safar.app.state.LANGUAGES
import org.safar.app.state.OpenBadge
import org.safar.app.state.PhoneItem
import org.safar.app.state.ServiceItem
import org.safar.app.ui.clockTime
import org.safar.app.ui.label

/** Opens the dialer with the number filled in: the user presses call (no CALL_PHONE permission). */
fun dial(context: Context, telUri: String) = open(context, Intent(Intent.ACTION_DIAL, Uri.parse(telUri)))

fun openUri(context: Context, uri: String) = open(context, Intent(Intent.ACTION_VIEW, Uri.parse(uri)))

private fun open(context: Context, intent: Intent) {
    try {
        context.startActivity(intent)
    } catch (_: ActivityNotFoundException) {
        // No dialer (tablet) or no app for the link: nothing to do, the number stays on screen.
    }
}

/** The core's open-now judgement, in words and colour (never colour alone). */
@Composable
fun OpenBadgeView(badge: OpenBadge) {
    val (text, color) =
        when (badge) {
            OpenBadge.AlwaysOpen -> stringResource(R.string.open_24_7) to Color(0xFF1B5E20)
            is OpenBadge.OpenNow ->
                (badge.closesAt?.let { stringResource(R.string.open_until, clockTime(it)) } ?: stringResource(R.string.open_now)) to
                    Color(0xFF1B5E20)
            is OpenBadge.Closed ->
                (badge.nextOpening?.let { stringResource(R.string.opens_at, clockTime(it)) } ?: stringResource(R.string.closed_now)) to
                    Color(0xFFB71C1C)
            OpenBadge.NoHours -> return
        }
    Text("● $text", color = color, style = MaterialTheme.typography.labelLarge)
}

@Composable
fun PhoneButton(phone: PhoneItem) {
    val context = LocalContext.current
    val free = if (phone.free == true) " (" + stringResource(R.string.free_call) + ")" else ""
    val telUri = phone.telUri
    if (telUri == null) {
        // The core refused the number (not plainly dialable): shown as text, never dialled.
        Text(phone.display + free, style = MaterialTheme.typography.bodyLarge, modifier = Modifier.padding(vertical = 2.dp))
        return
    }
    Button(onClick = { dial(context, telUri) }, modifier = Modifier.fillMaxWidth().padding(vertical = 2.dp)) {
        Icon(Icons.Filled.Call, contentDescription = null)
        Text(stringResource(R.string.call, phone.display) + free, Modifier.padding(start = 8.dp))
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
fun HotlineCard(h: HotlineItem, highlighted: Boolean, onReport: () -> Unit) {
    val context = LocalContext.current
    Card(
        colors =
            CardDefaults.cardColors(
                containerColor =
                    if (highlighted) MaterialTheme.colorScheme.secondaryContainer else MaterialTheme.colorScheme.surfaceVariant,
            ),
        modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(h.name, style = MaterialTheme.typography.titleMedium)
            OpenBadgeView(h.badge)
            h.phones.forEach { PhoneButton(it) }
            if (h.messengers.isNotEmpty()) {
                FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                    h.messengers.forEach { m ->
                        m.uri?.let { uri -> AssistChip(onClick = { openUri(context, uri) }, label = { Text(m.kind) }) }
                    }
                }
            }
            Text(h.categories.map { label(it) }.joinToString(" · "), style = MaterialTheme.typography.bodySmall)
            Text(stringResource(R.string.hours, h.hours, h.timezone), style = MaterialTheme.typography.bodySmall)
            Text(
                stringResource(R.string.languages_spoken, h.languages.joinToString(", ") { LANGUAGES[it] ?: it }),
                style = MaterialTheme.typography.bodySmall,
            )
            ProvenanceLine(h.provenance)
            TextButton(onClick = onReport) { Text(stringResource(R.string.report_problem)) }
        }
    }
}

@OptIn(ExperimentalLayoutApi::class)
@Composable
fun ServiceCard(s: ServiceItem, highlighted: Boolean, onReport: () -> Unit) {
    val context = LocalContext.current
    Card(
        colors =
            CardDefaults.cardColors(
                containerColor =
                    if (highlighted) MaterialTheme.colorScheme.secondaryContainer else MaterialTheme.colorScheme.surfaceVariant,
            ),
        modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
    ) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(s.organisation, style = MaterialTheme.typography.titleMedium)
            OpenBadgeView(s.badge)
            s.distanceKm?.let { Text(stringResource(R.string.km_away, it), style = MaterialTheme.typography.labelLarge) }
            Text("${s.address} · ${s.district}, ${s.region}", style = MaterialTheme.typography.bodyMedium)
            if (s.cost == "free") Text(stringResource(R.string.cost_free), style = MaterialTheme.typography.labelLarge)
            s.eligibility?.let { Text(stringResource(R.string.who_can_use, it), style = MaterialTheme.typography.bodySmall) }
            s.phones.forEach { PhoneButton(it) }
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                if (s.lat != null && s.lon != null) {
                    AssistChip(onClick = { openUri(context, "geo:${s.lat},${s.lon}?q=${s.lat},${s.lon}") }, label = {
                        Text(stringResource(R.string.open_map))
                    })
                }
                s.website?.let { w -> AssistChip(onClick = { openUri(context, w) }, label = { Text(stringResource(R.string.website)) }) }
                s.email?.let { e -> AssistChip(onClick = { openUri(context, "mailto:$e") }, label = { Text(e) }) }
            }
            Text(s.categories.map { label(it) }.joinToString(" · "), style = MaterialTheme.typography.bodySmall)
            s.hours?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            Text(
                stringResource(R.string.languages_spoken, s.languages.joinToString(", ") { LANGUAGES[it] ?: it }),
                style = MaterialTheme.typography.bodySmall,
            )
            ProvenanceLine(s.provenance)
            TextButton(onClick = onReport) { Text(stringResource(R.string.report_problem)) }
        }
    }
}
