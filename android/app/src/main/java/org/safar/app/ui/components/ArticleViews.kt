package org.safar.app.ui.components

import androidx.compose.foundation.BorderStroke
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.width
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedCard
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.res.stringResource
import androidx.compose.ui.semantics.heading
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.AnnotatedString
import androidx.compose.ui.text.LinkAnnotation
import androidx.compose.ui.text.SpanStyle
import androidx.compose.ui.text.TextLinkStyles
import androidx.compose.ui.text.TextStyle
import androidx.compose.ui.text.buildAnnotatedString
import androidx.compose.ui.text.font.FontStyle
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.style.TextDecoration
import androidx.compose.ui.text.withLink
import androidx.compose.ui.text.withStyle
import androidx.compose.ui.unit.dp
import org.safar.app.R
import org.safar.app.state.ArticleBlock
import org.safar.app.state.ArticleItem
import org.safar.app.state.CalloutKind
import org.safar.app.state.LinkTarget
import org.safar.app.state.StyledText
import org.safar.app.state.LANGUAGES
import org.safar.app.ui.label

/** Styled spans as one text; links call [onLink] with the core's target. */
@Composable
fun StyledTextView(text: StyledText, style: TextStyle, onLink: (LinkTarget) -> Unit, modifier: Modifier = Modifier) {
    val linkColor = MaterialTheme.colorScheme.primary
    val annotated: AnnotatedString =
        buildAnnotatedString {
            for (span in text.spans) {
                val spanStyle =
                    SpanStyle(
                        fontWeight = if (span.strong) FontWeight.Bold else null,
                        fontStyle = if (span.emphasis) FontStyle.Italic else null,
                    )
                val link = span.link
                if (link == null || link is LinkTarget.Unsupported) {
                    withStyle(spanStyle) { append(span.text) }
                } else {
                    val styles = TextLinkStyles(SpanStyle(color = linkColor, textDecoration = TextDecoration.Underline))
                    withLink(LinkAnnotation.Clickable(link.toString(), styles) { onLink(link) }) {
                        withStyle(spanStyle) { append(span.text) }
                    }
                }
            }
        }
    Text(annotated, style = style, modifier = modifier)
}

/** One block of an article, drawn natively. */
@Composable
fun BlockView(block: ArticleBlock, onLink: (LinkTarget) -> Unit) {
    val type = MaterialTheme.typography
    when (block) {
        is ArticleBlock.Heading ->
            StyledTextView(
                block.text,
                if (block.level <= 2) type.titleLarge else type.titleMedium,
                onLink,
                Modifier.padding(top = 16.dp, bottom = 4.dp).semantics { heading() },
            )
        is ArticleBlock.Paragraph -> StyledTextView(block.text, type.bodyLarge, onLink, Modifier.padding(vertical = 4.dp))
        is ArticleBlock.ListItem ->
            Row(Modifier.padding(start = (16 * block.depth).dp, top = 2.dp, bottom = 2.dp)) {
                Text(block.number?.let { "$it." } ?: "•", style = type.bodyLarge, modifier = Modifier.width(32.dp))
                StyledTextView(block.text, type.bodyLarge, onLink)
            }
        is ArticleBlock.Callout -> {
            val warning = block.kind == CalloutKind.Warning || block.kind == CalloutKind.Caution
            Card(
                colors =
                    CardDefaults.cardColors(
                        containerColor =
                            if (warning) MaterialTheme.colorScheme.errorContainer else MaterialTheme.colorScheme.secondaryContainer,
                    ),
                modifier = Modifier.fillMaxWidth().padding(vertical = 8.dp),
            ) {
                Column(Modifier.padding(12.dp)) {
                    Text(stringResource(block.kind.label()), style = type.titleSmall)
                    block.paragraphs.forEach { StyledTextView(it, type.bodyLarge, onLink, Modifier.padding(top = 4.dp)) }
                }
            }
        }
        is ArticleBlock.Quote ->
            OutlinedCard(
                border = BorderStroke(1.dp, MaterialTheme.colorScheme.outlineVariant),
                modifier = Modifier.fillMaxWidth().padding(vertical = 8.dp),
            ) {
                Column(Modifier.padding(12.dp)) {
                    block.paragraphs.forEach { StyledTextView(it, type.bodyLarge.copy(fontStyle = FontStyle.Italic), onLink) }
                }
            }
        // Pictures are not downloaded on mobile data in this version: say what they show.
        is ArticleBlock.Image ->
            Text(stringResource(R.string.image_placeholder, block.alt), style = type.bodyMedium, color = Color.Gray)
        ArticleBlock.Rule -> HorizontalDivider(Modifier.padding(vertical = 12.dp))
    }
}

/** An article in a list: title, summary, and a note when it is not in the user's language. */
@Composable
fun ArticleRow(article: ArticleItem, onOpen: (String) -> Unit) {
    Card(Modifier.fillMaxWidth().padding(vertical = 4.dp).clickable { onOpen(article.group) }) {
        Column(Modifier.padding(12.dp)) {
            Text(article.title, style = MaterialTheme.typography.titleMedium)
            Text(article.summary, style = MaterialTheme.typography.bodyMedium)
            if (article.isFallback) FallbackNote(article.lang)
        }
    }
}

@Composable
fun FallbackNote(lang: String) {
    Text(
        stringResource(R.string.shown_in_language, LANGUAGES[lang] ?: lang),
        style = MaterialTheme.typography.labelMedium,
        color = MaterialTheme.colorScheme.tertiary,
    )
}
