Feature: The recipient register
  Personal data may only go to recipients the force has placed in its recipient register.
  Each new recipient or integration is classified and approved by someone accountable before
  anything flows to it. A recipient that receives data in bulk, or could pass it on, must first
  certify that it will make no immigration use of it and pass none of it to immigration
  enforcement; the register records that certification and its date.

  @FW-11 @needs-recipient-register
  Scenario: A recipient that has not certified "no immigration use, no onward disclosure" receives no bulk export
    Given a new recipient, classified, approved and certified to make no immigration use of the data and pass none of it to immigration enforcement
    And another new recipient, classified and approved, that has given no certification
    When the system sends a bulk export to the certified recipient
    Then the certified recipient receives the export
    And the register shows the date of the certified recipient's certification
    When the system tries to send a bulk export to the uncertified recipient
    Then the export to the uncertified recipient is refused

  @FW-12 @needs-audit-log @needs-recipient-register
  Scenario: A new recipient receives nothing until it has been classified and approved
    Given a new recipient, registered and certified to make no immigration use of the data, that nobody has classified or approved yet
    When the system tries to send a bulk export to the new recipient
    Then the export to the new recipient is refused
    And the register shows the new recipient as still unapproved
    When the new recipient is recorded as classified and approved
    And the system sends a bulk export to the new recipient
    Then the new recipient now receives the export
    And the register shows who approved the new recipient
    And the audit log records who approved the new recipient
