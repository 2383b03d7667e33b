import SafarCore
import SwiftUI

/// What sending money really costs: every number is computed by the core, exactly, as text.
struct RemittanceView: View {
    @StateObject private var model = RemittanceModel()

    var body: some View {
        Form {
            Section {
                Picker(L("remit_from"), selection: $model.from) {
                    ForEach(Vocabulary.countries, id: \.self) { Text(label($0)).tag($0) }
                }
                Picker(L("remit_to"), selection: $model.to) {
                    ForEach(Vocabulary.countries, id: \.self) { Text(label($0)).tag($0) }
                }
                Picker("", selection: $model.amountIsReceive) {
                    Text(L("remit_i_send")).tag(false)
                    Text(L("remit_they_get")).tag(true)
                }
                .pickerStyle(.segmented)
                TextField(L("remit_amount"), text: $model.amount).keyboardType(.decimalPad)
                Picker(L("remit_payout"), selection: $model.payout) {
                    Text(L("all")).tag(String?.none)
                    ForEach(Vocabulary.payouts, id: \.self) { Text(label($0)).tag(Optional($0)) }
                }
                Button(L("remit_compare")) { Task { await model.compare() } }.font(.headline)
            }
            if let comparison = model.comparison {
                LoadableView(value: comparison) { c in
                    Section {
                        if let avg = c.summary.averageCostPercent { Text(L("remit_average", avg)).font(.headline) }
                        if c.summary.meetsSdg3Percent { Text(L("remit_meets_sdg")) }
                        if c.summary.above5Percent { Text(L("remit_above_5")).foregroundColor(.red) }
                        if c.summary.staleExcluded > 0 { Text(L("remit_stale_excluded", Int(c.summary.staleExcluded))) }
                    }
                    ForEach(c.quotes.indices, id: \.self) { i in
                        QuoteRow(quote: c.quotes[i], sendCurrency: c.sendCurrency, receiveCurrency: c.receiveCurrency)
                    }
                }
            }
        }
        .navigationTitle(L("nav_remittance"))
        .task { await model.start() }
    }
}

private struct QuoteRow: View {
    let quote: RemittanceQuoteResult
    let sendCurrency: String
    let receiveCurrency: String

    var body: some View {
        VStack(alignment: .leading, spacing: 3) {
            Text("\(quote.provider) · \(quote.product)").font(.headline)
            Text(L("remit_receive", quote.receiveAmount, receiveCurrency)).font(.title3.bold())
            Text(L("remit_total_cost", quote.totalCostPercent))
            Text(L("remit_fee", quote.fee, sendCurrency))
            Text(L("remit_rate_margin", quote.fxMarginPercent))
            Text("\(label(quote.payout)) · \(label(quote.speed))")
            if !quote.transparent { Text(L("remit_not_transparent")).foregroundColor(.red) }
            Text(plural("remit_quote_age", quote.quoteAgeDays)).font(.caption)
            ProvenanceView(source: quote.source, status: quote.status, stale: quote.stale)
        }
    }
}
