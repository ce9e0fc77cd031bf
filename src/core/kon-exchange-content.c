/* kon-exchange-content.c: the attachments' content in an exchange document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export may carry the content of the files attached to its cases:
 * $.attachment_contents, a list of { "sha256": …, "content": base64 },
 * sorted by sha256, one entry per content that an exported attachment row
 * names (rows share content that is the same).  Content the database does
 * not hold (it came from an export without content), or whose stored copy
 * no longer matches its SHA-256, is left out: its row goes all the same,
 * as it would without content.
 *
 * Import reads the member with the rest of the document, before anything
 * is written: each entry's base64 is checked and decoded, no larger than
 * an attachment may be, and its SHA-256 computed and compared with the
 * entry's; any fault refuses the whole file at its JSON path.  In the
 * merge's transaction the content that an attachment row of the database
 * names (after the merge) is put in the store; an entry that no row names
 * is left out, so the store keeps no content nothing refers to.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kon-case-attachment.h"
#include "kon-exchange-private.h"

void
_kon_exchange_content_free (KonExchangeContent *content)
{
  if (content == NULL)
    return;

  g_free (content->sha256);
  g_clear_pointer (&content->content, g_bytes_unref);
  g_free (content);
}

/* Size */

void
_kon_exchange_set_too_big (GError   **error,
                           guint64    size,
                           gboolean   with_content)
{
  g_autofree char *size_text = g_format_size (size);
  g_autofree char *max_text = g_format_size (with_content ? KON_EXCHANGE_MAX_SIZE_WITH_CONTENT
                                                          : KON_EXCHANGE_MAX_SIZE);

  if (with_content)
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG,
                 _("The file is too big (%s) to be a Konsensus exchange document "
                   "(at most %s with the attachments’ content)."), size_text, max_text);
  else
    g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_TOO_BIG,
                 _("The file is too big (%s) to be a Konsensus exchange document "
                   "(at most %s)."), size_text, max_text);
}

/* Import */

static inline gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* RFC 4648 base64 as g_base64_encode() writes it: the alphabet, in groups
 * of four, padded with at most two '=' at the end, no line breaks.
 * (g_base64_decode() skips what it does not know, so it cannot tell.)
 * @out_size: the size decoded */
static gboolean
check_base64 (const char *text,
              gsize       length,
              gsize      *out_size)
{
  gsize padding = 0;

  if (length % 4 != 0)
    return FALSE;

  if (length > 0 && text[length - 1] == '=')
    padding = length > 1 && text[length - 2] == '=' ? 2 : 1;

  for (gsize i = 0; i < length - padding; i++)
    if (!is_base64_char (text[i]))
      return FALSE;

  *out_size = length / 4 * 3 - padding;

  return TRUE;
}

static gboolean
parse_entry (JsonNode            *node,
             const char          *path,
             KonExchangeContent **out_entry,
             GError             **error)
{
  g_autoptr(GBytes) content = NULL;
  g_autofree char *checksum = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  JsonNode *sha_node;
  JsonNode *content_node;
  const char *member;
  const char *sha256;
  const char *text;
  gsize length, size = 0;
  guchar *decoded;
  gsize decoded_size = 0;
  KonExchangeContent *entry;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At %s: expected an object with a file’s “sha256” and “content”."), path);
      return FALSE;
    }
  object = json_node_get_object (node);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, NULL))
    if (!g_str_equal (member, "sha256") && !g_str_equal (member, "content"))
      {
        /* TRANSLATORS: %s is a JSON path, as $.attachment_contents[2].name */
        g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                     _("At %s.%s: this field is not part of the format."), path, member);
        return FALSE;
      }

  sha_node = json_object_get_member (object, "sha256");
  if (sha_node == NULL || !JSON_NODE_HOLDS_VALUE (sha_node) ||
      json_node_get_value_type (sha_node) != G_TYPE_STRING ||
      !kon_case_attachment_is_sha256 (json_node_get_string (sha_node)))
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At %s.sha256: expected a SHA-256: 64 hexadecimal digits, a to f in lower case."),
                   path);
      return FALSE;
    }
  sha256 = json_node_get_string (sha_node);

  content_node = json_object_get_member (object, "content");
  if (content_node == NULL || !JSON_NODE_HOLDS_VALUE (content_node) ||
      json_node_get_value_type (content_node) != G_TYPE_STRING)
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At %s.content: expected the file’s content as base64 text."), path);
      return FALSE;
    }
  text = json_node_get_string (content_node);
  length = strlen (text);

  if (!check_base64 (text, length, &size))
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At %s.content: this is not base64 text (letters, digits, “+” and “/” "
                     "in groups of four, “=” only at the end)."), path);
      return FALSE;
    }

  /* Before it takes the memory */
  if (size > KON_CASE_ATTACHMENT_MAX_SIZE)
    {
      g_autofree char *size_text = g_format_size (size);
      g_autofree char *max_text = g_format_size (KON_CASE_ATTACHMENT_MAX_SIZE);

      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At %s.content: the file is larger (%s) than an attachment may be (at most %s)."),
                   path, size_text, max_text);
      return FALSE;
    }

  decoded = g_base64_decode (text, &decoded_size);
  g_assert (decoded_size == size);
  content = g_bytes_new_take (decoded, decoded_size);

  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if (!g_str_equal (checksum, sha256))
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At %s.content: the content does not match its SHA-256 (the file is damaged, "
                     "or was changed after it was exported). Nothing was imported."), path);
      return FALSE;
    }

  entry = g_new0 (KonExchangeContent, 1);
  entry->sha256 = g_strdup (sha256);
  entry->content = g_steal_pointer (&content);
  *out_entry = entry;

  return TRUE;
}

gboolean
_kon_exchange_parse_contents (JsonNode      *member,
                              GPtrArray    **out_contents,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func ((GDestroyNotify) _kon_exchange_content_free);
  g_autoptr(GHashTable) seen = NULL;
  JsonArray *array;
  guint n;

  if (member == NULL)
    {
      *out_contents = g_steal_pointer (&contents);
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_INVALID,
                   _("At $.%s: expected a list of the attachments’ content."), CONTENTS_MEMBER);
      return FALSE;
    }

  array = json_node_get_array (member);
  n = json_array_get_length (array);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("$.%s[%u]", CONTENTS_MEMBER, i);
      KonExchangeContent *entry = NULL;
      gpointer first;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!parse_entry (json_array_get_element (array, i), path, &entry, error))
        return FALSE;
      g_ptr_array_add (contents, entry);

      first = g_hash_table_lookup (seen, entry->sha256);
      if (first != NULL)
        {
          g_autofree char *first_path = g_strdup_printf ("$.%s[%u].sha256", CONTENTS_MEMBER,
                                                         GPOINTER_TO_UINT (first) - 1);

          g_set_error (error, KON_EXCHANGE_ERROR, KON_EXCHANGE_ERROR_DUPLICATE,
                       _("At %s.sha256: the same content is already at %s. "
                         "Every content is in the file once."),
                       path, first_path);
          return FALSE;
        }
      g_hash_table_insert (seen, entry->sha256, GUINT_TO_POINTER (i + 1));
    }

  *out_contents = g_steal_pointer (&contents);

  return TRUE;
}

gboolean
_kon_exchange_put_contents (KonStore   *store,
                            GPtrArray  *contents,
                            guint      *out_kept,
                            GError    **error)
{
  g_autoptr(GPtrArray) attachments = NULL;
  g_autoptr(GHashTable) named = NULL;
  guint kept = 0;

  *out_kept = 0;
  if (contents == NULL || contents->len == 0)
    return TRUE;

  /* What the attachment rows name once the rows are merged: those of the
   * file, those kept here, and those here from an export without content */
  attachments = kon_store_list (store, &kon_case_attachment_table, NULL, NULL, error);
  if (attachments == NULL)
    return FALSE;

  named = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < attachments->len; i++)
    g_hash_table_add (named, ((KonCaseAttachment *) attachments->pdata[i])->sha256);

  for (guint i = 0; i < contents->len; i++)
    {
      KonExchangeContent *entry = contents->pdata[i];

      if (!g_hash_table_contains (named, entry->sha256))
        continue;
      if (!kon_store_put_content (store, entry->sha256, entry->content, error))
        return FALSE;
      kept++;
    }

  *out_kept = kept;

  return TRUE;
}

/* Export */

JsonNode *
_kon_exchange_content_entry (KonStore    *store,
                             const char  *sha256,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) content = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *text = NULL;
  JsonObject *entry;
  JsonNode *node;
  gconstpointer data;
  gsize size;

  content = kon_store_get_content (store, sha256, &local_error);
  if (content == NULL && g_error_matches (local_error, KON_STORE_ERROR, KON_STORE_ERROR_NOT_FOUND))
    {
      g_debug ("export: no content for %s here: its rows only", sha256);
      return NULL;
    }
  if (content == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Content that would be refused on import (the file would be refused
   * whole) stays here: opening the attachment says it is damaged */
  checksum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, content);
  if (!g_str_equal (checksum, sha256))
    {
      g_debug ("export: the content stored for %s does not match it: left out", sha256);
      return NULL;
    }

  data = g_bytes_get_data (content, &size);
  text = g_base64_encode (data, size);
  g_clear_pointer (&content, g_bytes_unref);

  entry = json_object_new ();
  json_object_set_string_member (entry, "sha256", sha256);
  json_object_set_string_member (entry, "content", text);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, entry);

  return node;
}
