import { Schema } from 'prosemirror-model';
import { schema as basic } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';

/**
 * The minutes' schema: prosemirror-schema-basic plus bullet_list / ordered_list / list_item.
 * The server flattens these node names into MinutesBlock (shared/protocol/record.ts).
 */
export const minutesSchema = new Schema({
  nodes: addListNodes(basic.spec.nodes, 'paragraph block*', 'block'),
  marks: basic.spec.marks,
});
