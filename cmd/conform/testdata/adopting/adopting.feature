Feature: An implementation on its way to conforming
  Two scenarios of this feature fail against the reference, on purpose: the tests of the
  adoption loop (conform gaps write, --against, --only-failed) run them.

  @FR-011
  Scenario: a phased run read as counted
    Given a tenant "Contoso" with an operator "o" who may view its operations
    And a running baseline capture run for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    Then the progress capability is "counted"

  @FR-005
  Scenario: a phased run read as phased
    Given a tenant "Contoso" with an operator "o" who may view its operations
    And a running baseline capture run for "Contoso" whose context is {"progress": {"phase": {"key": "fetching"}}}
    Then the progress capability is "phased"

  @FR-010
  Scenario Outline: a capture run read as the standard says
    Given a tenant "Contoso" with an operator "o" who may view its operations
    And a running baseline capture run for "Contoso" whose context is <context>
    Then the progress capability is "<capability>"

    Examples:
      | context                                       | capability |
      | {"progress": {"phase": {"key": "fetching"}}} | phased     |
      | {}                                            | counted    |
