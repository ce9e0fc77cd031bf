/* kon-row-model-private.h: what the tests look at
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "kon-row-model.h"

G_BEGIN_DECLS

/* How many rows the model has read from the store so far */
guint _kon_row_model_get_n_loaded (KonRowModel *self);

G_END_DECLS
