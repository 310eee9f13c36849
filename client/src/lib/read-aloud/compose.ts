/** The wording is shared with the server's read-aloud clip (server/speech): one function. */
export * from '../../../../shared/read-aloud/compose';
