package org.safar.app.ui.screens

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.SegmentedButton
import androidx.compose.material3.SegmentedButtonDefaults
import androidx.compose.material3.SingleChoiceSegmentedButtonRow
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.text.input.KeyboardType
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.safar.app.R
import org.safar.app.state.AmountSide
import org.safar.app.state.Comparison
import org.safar.app.state.DESTINATIONS
import org.safar.app.state.Loadable
import org.safar.app.state.ORIGINS
import org.safar.app.state.PAYOUT_METHODS
import org.safar.app.state.QuoteItem
import org.safar.app.state.RemittanceStateHolder
import org.safar.app.ui.LocalCore
import org.safar.app.ui.components.Choice
import org.safar.app.ui.components.ErrorCard
import org.safar.app.ui.components.LoadingBox
import org.safar.app.ui.components.ProvenanceLine
import org.safar.app.ui.label
import org.safar.app.ui.plural
import org.safar.app.ui.screenModel

/** What sending money really costs: every number here is computed by the core, exactly. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun RemittanceScreen() {
    val core = LocalCore.current
    val model = screenModel { RemittanceStateHolder(core) }
    val state by model.state.collectAsStateWithLifecycle()
    val busy by model.busy.collectAsStateWithLifecycle()
    // Typed locally (no core call per keystroke); handed to the holder on "Compare".
    var amount by rememberSaveable { mutableStateOf(state.amount) }
    LaunchedEffect(Unit) { if (state.from.isEmpty()) model.run { start() } }
    val countries = (DESTINATIONS + ORIGINS).distinct()

    ScreenFrame(stringResource(R.string.nav_remittance), busy = busy > 0) {
        item {
            Text(stringResource(R.string.remit_from), style = MaterialTheme.typography.titleSmall)
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                countries.forEach { c -> item { Choice(state.from == c, label(c)) { model.run { edit(from = c) } } } }
            }
            Text(stringResource(R.string.remit_to), style = MaterialTheme.typography.titleSmall)
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                countries.forEach { c -> item { Choice(state.to == c, label(c)) { model.run { edit(to = c) } } } }
            }
        }
        item {
            SingleChoiceSegmentedButtonRow(Modifier.fillMaxWidth()) {
                AmountSide.entries.forEachIndexed { i, side ->
                    SegmentedButton(
                        selected = state.side == side,
                        onClick = { model.run { edit(side = side) } },
                        shape = SegmentedButtonDefaults.itemShape(i, AmountSide.entries.size),
                    ) { Text(stringResource(if (side == AmountSide.Send) R.string.remit_i_send else R.string.remit_they_get)) }
                }
            }
            OutlinedTextField(
                value = amount,
                onValueChange = { amount = it },
                label = { Text(stringResource(R.string.remit_amount)) },
                singleLine = true,
                keyboardOptions = KeyboardOptions(keyboardType = KeyboardType.Decimal),
                modifier = Modifier.fillMaxWidth(),
            )
            Text(stringResource(R.string.remit_payout), style = MaterialTheme.typography.titleSmall)
            LazyRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                item { Choice(state.payout == null, stringResource(R.string.all)) { model.run { edit(payout = null) } } }
                PAYOUT_METHODS.forEach { p -> item { Choice(state.payout == p, label(p)) { model.run { edit(payout = p) } } } }
            }
            Button(
                onClick = {
                    val typed = amount
                    model.run {
                        edit(amount = typed)
                        compare()
                    }
                },
                modifier = Modifier.fillMaxWidth(),
            ) { Text(stringResource(R.string.remit_compare)) }
        }
        when (val c = state.comparison) {
            null -> Unit
            Loadable.Loading -> item { LoadingBox() }
            is Loadable.Failed -> item { ErrorCard(c.error) }
            is Loadable.Ready -> {
                item { Summary(c.value) }
                c.value.quotes.forEach { q -> item { QuoteCard(q, c.value) } }
            }
        }
    }
}

@Composable
private fun Summary(c: Comparison) {
    Column(Modifier.padding(vertical = 8.dp)) {
        c.averageCostPercent?.let { Text(stringResource(R.string.remit_average, it), style = MaterialTheme.typography.titleMedium) }
        if (c.meetsSdg3Percent) Text(stringResource(R.string.remit_meets_sdg))
        if (c.above5Percent) Text(stringResource(R.string.remit_above_5), color = MaterialTheme.colorScheme.error)
        if (c.staleExcluded > 0) Text(stringResource(R.string.remit_stale_excluded, c.staleExcluded))
    }
}

@Composable
private fun QuoteCard(q: QuoteItem, c: Comparison) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(2.dp)) {
            Text("${q.provider} · ${q.product}", style = MaterialTheme.typography.titleMedium)
            Text(stringResource(R.string.remit_receive, q.receiveAmount, c.receiveCurrency), style = MaterialTheme.typography.titleLarge)
            Text(stringResource(R.string.remit_total_cost, q.totalCostPercent), style = MaterialTheme.typography.bodyLarge)
            Text(stringResource(R.string.remit_fee, q.fee, c.sendCurrency))
            Text(stringResource(R.string.remit_rate_margin, q.fxMarginPercent))
            Text("${label(q.payout)} · ${label(q.speed)}")
            if (!q.transparent) Text(stringResource(R.string.remit_not_transparent), color = MaterialTheme.colorScheme.error)
            Text(plural(R.plurals.remit_quote_age, q.quoteAgeDays), style = MaterialTheme.typography.labelMedium)
            ProvenanceLine(q.provenance)
        }
    }
}
