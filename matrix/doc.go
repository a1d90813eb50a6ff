// Package matrix is the traceability matrix: for every requirement ID of spec 272 (user
// stories and their acceptance scenarios, FR, AR, NFR, SC and edge cases) the scenarios that
// cover it. A requirement nobody covers, or a tag that names an ID that does not exist, is a
// gap the matrix reports; requirements that cannot run here say why instead of vanishing.
//
// Its rule: the requirement IDs come from features/requirements.yaml and the tags of the
// features, nothing else.
package matrix
