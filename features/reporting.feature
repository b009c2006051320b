Feature: Reporting a crime
  Anyone must be able to report a crime and be referred for support without being asked about
  their immigration status or for an identity document: people who fear being checked do not
  report at all.

  @FW-20 @needs-crime-reports
  Scenario: A victim with unknown status and no identity document can report a crime and get support
    When a victim who gives full details and an identity document reports a crime
    Then the report is accepted
    When a victim whose immigration status is unknown and who has no identity document reports a crime
    Then the report is accepted
    When an officer refers that victim to victim services
    Then the referral to victim services is accepted
