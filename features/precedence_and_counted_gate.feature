@FR-011 @SC-001
Feature: Precedence and the counted gate
  Active phased truth wins over composite, composite over counted, counted over generic activity,
  and terminal runs render no active progress treatment. processed and total are the only
  determinate progress source, and only when they satisfy the counted contract.

  Background:
    Given a tenant "Contoso" with an operator "olivia" who may view its operations

  @fast-feedback
  Scenario Outline: <winner> wins over <loser>
    Given a running <family> run for "Contoso" whose context is <context>
    And the run's summary counts are <counts>
    Then the progress capability is "<winner>"
    And the progress label is "<label>"
    And the composite summary is <composite>

    Examples:
      | winner    | loser     | family                    | context                                                                                                    | counts                  | label                         | composite |
      | phased    | composite | baseline capture          | {"progress": {"phase": {"key": "fetching"}, "composite": {"children": 4, "failed": 1, "partial": 0}}}      | {}                      | Capturing evidence            | absent    |
      | phased    | composite | baseline compare          | {"progress": {"phase": {"key": "uploading"}, "composite": {"children": 4, "failed": 1, "partial": 0}}}     | {}                      | (generic phase copy)          | absent    |
      | phased    | counted   | baseline capture          | {"progress": {"phase": {"key": "processing"}}}                                                             | processed 3 of total 12 | Building the baseline snapshot | absent    |
      | phased    | counted   | baseline compare          | {"progress": {"phase": 7}}                                                                                 | processed 3 of total 12 | (generic phase copy)          | absent    |
      | phased    | activity  | baseline compare          | {"progress": {"phase": {"key": "preparing"}}}                                                              | {}                      | Checking compare coverage     | absent    |
      | composite | phased    | tenant review composition | {"progress": {"phase": {"key": "fetching"}, "composite": {"children": 12, "failed": 0, "partial": 0}}}     | {}                      | Summarizing recent operations | present   |
      | composite | counted   | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 0, "partial": 0}}}                                   | processed 6 of total 12 | Summarizing recent operations | present   |
      | composite | counted   | tenant review composition | {"progress": {"composite": {"children": "12", "failed": 0, "partial": 0}}}                                 | processed 6 of total 12 | (generic composite copy)      | absent    |
      | composite | activity  | tenant review composition | {"progress": {"composite": {"children": 3, "failed": 0, "partial": 0}}}                                    | {}                      | Summarizing recent operations | present   |
      | counted   | activity  | review pack generation    | {}                                                                                                         | processed 2 of total 8  | Processing items              | absent    |

  @fast-feedback
  Scenario Outline: Terminal runs beat every capability: <family> that <outcome>
    Given a <family> run for "Contoso" with status "completed" and outcome "<outcome>" whose context is <context>
    And the run's summary counts are processed 5 of total 10
    Then the run gets no active progress treatment

    Examples:
      | family                    | outcome   | context                                                                 |
      | baseline capture          | succeeded | {"progress": {"phase": {"key": "fetching"}}}                            |
      | tenant review composition | succeeded | {"progress": {"composite": {"children": 12, "failed": 0, "partial": 0}}} |
      | evidence snapshot generation | failed | {}                                                                      |

  @FR-009 @fast-feedback
  Scenario Outline: The counted gate: processed <processed> of total <total> is <result>
    Given a running review pack generation run for "Contoso" whose context is {}
    And the run's summary counts are <counts>
    Then the progress capability is "<capability>"
    And the percentage is <percent>

    Examples:
      | processed | total | result              | counts                                                   | capability | percent |
      | 3         | 12    | a quarter           | {"processed": 3, "total": 12}                            | counted    | 25      |
      | 1         | 3     | floored             | {"processed": 1, "total": 3}                             | counted    | 33      |
      | 2         | 3     | floored, not rounded | {"processed": 2, "total": 3}                            | counted    | 66      |
      | 999       | 1000  | never 100 early     | {"processed": 999, "total": 1000}                        | counted    | 99      |
      | 0         | 10    | zero but counted    | {"processed": 0, "total": 10}                            | counted    | 0       |
      | 10        | 10    | complete            | {"processed": 10, "total": 10}                           | counted    | 100     |
      | huge      | huge  | exact               | {"processed": 9223372036854775806, "total": 9223372036854775807} | counted | 99    |
      | 0         | 0     | not counted         | {"processed": 0, "total": 0}                             | activity   | absent  |
      | 11        | 10    | not counted         | {"processed": 11, "total": 10}                           | activity   | absent  |
      | -1        | 10    | not counted         | {"processed": -1, "total": 10}                           | activity   | absent  |
      | "3"       | "12"  | not counted         | {"processed": "3", "total": "12"}                        | activity   | absent  |
      | 3.0       | 12.0  | not counted         | {"processed": 3.0, "total": 12.0}                        | activity   | absent  |
      | 2.5       | 12    | not counted         | {"processed": 2.5, "total": 12}                          | activity   | absent  |
      | 1         | 10^20 | not counted         | {"processed": 1, "total": 100000000000000000000}         | activity   | absent  |
      | missing   | 4     | not counted         | {"total": 4}                                             | activity   | absent  |
      | completed | 4     | not a source        | {"completed": 2, "total": 4}                             | activity   | absent  |

  @FR-009 @fast-feedback
  Scenario: A counted run shows its bar and its count line in the shell
    Given a running review pack generation run for "Contoso" whose context is {}
    And the run's summary counts are processed 3 of total 12
    Then the shell shows a progress bar
    And the shell shows "3 of 12 processed"

  @NFR-004 @FR-004 @fast-feedback
  Scenario Outline: Operator copy stays concise and operator-safe for <family>
    Given a running <family> run for "Contoso" whose context is <context>
    Then every piece of copy in the shell obeys the copy rules
    And the shell does not show "<raw>"

    Examples:
      | family                    | context                                                                                          | raw                  |
      | baseline capture          | {"progress": {"phase": {"key": "fetching", "label": "fetch_evidence_job"}}}                      | fetch_evidence_job   |
      | baseline compare          | {"progress": {"phase": {"key": "processing", "label": "CompareBaselineToTenantJob"}}}            | CompareBaselineToTenantJob |
      | baseline compare          | {"progress": {"phase": {"key": "resume_token_42"}}}                                              | resume_token_42      |
      | tenant review composition | {"progress": {"composite": {"children": 12, "failed": 2, "partial": 1, "source": "evidence_snapshot"}}} | evidence_snapshot |
