// What content is on the phone and how old it is (settings and sync, home banner).
package org.safar.app.state

import uniffi.safar_ffi.ContentStatus

data class CollectionItem(val name: String, val version: Long, val records: Long)

data class ContentInfo(
    val repository: String?,
    /** Sample content: every screen shows the "sample" mark. */
    val sample: Boolean,
    /** null: no content yet (should not happen: the app ships a default bundle). */
    val seq: Long?,
    val rootVersion: Int,
    /** ISO timestamp the content was published. */
    val publishedAt: String?,
    /** Whole days since publication, by the core's trusted clock. */
    val ageDays: Long?,
    val collections: List<CollectionItem>,
    val profileSet: Boolean,
) {
    companion object {
        fun of(s: ContentStatus) =
            ContentInfo(
                repository = s.repository,
                sample = s.sample,
                seq = s.seq?.toLong(),
                rootVersion = s.rootVersion.toInt(),
                publishedAt = s.publishedAt,
                ageDays = s.contentAgeDays,
                collections = s.collections.map { CollectionItem(it.name, it.version.toLong(), it.records.toLong()) },
                profileSet = s.profileSet,
            )
    }
}
