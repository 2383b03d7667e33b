package org.safar.app.ui.components

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import org.safar.app.R
import org.safar.app.state.Provenance
import org.safar.app.state.UiError
import org.safar.app.state.Verification
import org.safar.app.ui.label
import org.safar.app.ui.title

@Composable
fun LoadingBox(modifier: Modifier = Modifier) {
    Box(modifier.fillMaxWidth().padding(32.dp), contentAlignment = Alignment.Center) {
        CircularProgressIndicator()
    }
}

/** The error's headline in the user's language, the core's message under it, and a retry. */
@Composable
fun ErrorCard(error: UiError, onRetry: (() -> Unit)? = null) {
    Card(
        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer),
        modifier = Modifier.fillMaxWidth().padding(vertical = 8.dp),
    ) {
        Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(stringResource(error.title()), style = MaterialTheme.typography.titleMedium)
            Text(error.message, style = MaterialTheme.typography.bodySmall)
            if (onRetry != null) TextButton(onClick = onRetry) { Text(stringResource(R.string.retry)) }
        }
    }
}

/** A filter choice with its word; the tap goes to the screen's state holder. */
@Composable
fun Choice(selected: Boolean, text: String, onClick: () -> Unit) {
    FilterChip(selected = selected, onClick = onClick, label = { Text(text) })
}

@Composable
fun SectionTitle(text: String) {
    Text(
        text,
        style = MaterialTheme.typography.titleLarge,
        modifier = Modifier.padding(top = 16.dp, bottom = 8.dp).semantics { heading() },
    )
}

/** Shown on every screen while the content is the development sample. */
@Composable
fun SampleBanner() {
    Card(
        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.tertiaryContainer),
        modifier = Modifier.fillMaxWidth().padding(vertical = 4.dp),
    ) {
        Text(stringResource(R.string.sample_banner), Modifier.padding(12.dp), style = MaterialTheme.typography.bodyMedium)
    }
}

/** Where a hotline, service, quote or rule comes from, how it was checked, and if it is old. */
@Composable
fun ProvenanceLine(p: Provenance) {
    Column(Modifier.padding(top = 4.dp)) {
        val checked = p.verifiedAt?.let { " · " + stringResource(R.string.checked_on, it) } ?: ""
        Text(
            stringResource(p.verification.label()) + checked,
            style = MaterialTheme.typography.labelMedium,
            color =
                if (p.verification == Verification.Verified) {
                    MaterialTheme.colorScheme.primary
                } else {
                    MaterialTheme.colorScheme.tertiary
                },
        )
        Text(stringResource(R.string.source, p.source), style = MaterialTheme.typography.bodySmall)
        if (p.stale) {
            Text(
                stringResource(R.string.stale_warning),
                style = MaterialTheme.typography.labelMedium,
                color = MaterialTheme.colorScheme.error,
            )
        }
    }
}
