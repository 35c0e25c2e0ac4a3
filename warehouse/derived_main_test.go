package warehouse

// mainFiguresDef is what derived_main_figures holds: every report's
// canonical cells of the county pages' eight fields (value, raw text and
// class: migration 018), read from cell_values as body_values_ids and the
// canned queries read them before the table existed. TestDerivedTablesFollowBatches checks it after every batch with
// the other derived tables, TestDerivedFieldsFollowBatches on reports with
// blank, dashed and text cells and through migrations 017's and 018's
// backfills.
const mainFiguresDef = `SELECT v.report_id, v.field_id, v.value, v.raw, v.class FROM cell_values v JOIN field_ids i ON i.id = v.field_id
	WHERE v.canonical AND i.key IN ('apply.new_received.total', 'apply.granted.total', 'apply.partial.total',
		'apply.total_processed.total', 'review.total', 'review.corrected', 'review.pending', 'active.licensing.decisions')`

func init() { derivedDefs["derived_main_figures"] = mainFiguresDef }
