/* kon-backend.c: the abstract database backend
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "kon-backend.h"

G_DEFINE_ABSTRACT_TYPE (KonBackend, kon_backend, G_TYPE_OBJECT)

static void
kon_backend_class_init (KonBackendClass *klass)
{
}

static void
kon_backend_init (KonBackend *self)
{
}

void
kon_change_clear (KonChange *change)
{
  g_clear_pointer (&change->uuid, g_free);
}
