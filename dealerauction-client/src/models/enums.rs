//! The documented value sets. Each keeps values this version does not know
//! (`Unknown(String)`), sent back unchanged.

autoclient_common::open_enum! {
    /// The status of a stock item (`lifecycleState`).
    pub enum LifecycleState {
        /// `FORECOURT`.
        Forecourt = "FORECOURT",
        /// `SALE_IN_PROGRESS`.
        SaleInProgress = "SALE_IN_PROGRESS",
        /// `SOLD`.
        Sold = "SOLD",
        /// `WASTEBIN`.
        Wastebin = "WASTEBIN",
        /// `DELETED`.
        Deleted = "DELETED",
    }
}

autoclient_common::open_enum! {
    /// The type of vehicle (`vehicle.category`).
    pub enum VehicleCategory {
        /// `Car`.
        Car = "Car",
        /// `Bike`.
        Bike = "Bike",
        /// `Van`.
        Van = "Van",
    }
}

autoclient_common::open_enum! {
    /// New or used (`vehicle.ownershipCondition`).
    pub enum OwnershipCondition {
        /// `NEW`.
        New = "NEW",
        /// `USED`.
        Used = "USED",
    }
}

autoclient_common::open_enum! {
    /// The unit of `vehicle.engineSize.value`.
    pub enum EngineSizeUnit {
        /// `LITRE`.
        Litre = "LITRE",
        /// `CUBIC_CENTIMETRE`.
        CubicCentimetre = "CUBIC_CENTIMETRE",
    }
}

autoclient_common::open_enum! {
    /// The service history (`vehicle.serviceHistory`).
    pub enum ServiceHistory {
        /// `FULL_SERVICE_HISTORY`.
        FullServiceHistory = "FULL_SERVICE_HISTORY",
        /// `FULL_DEALERSHIP_HISTORY`.
        FullDealershipHistory = "FULL_DEALERSHIP_HISTORY",
        /// `PARTIAL_SERVICE_HISTORY`.
        PartialServiceHistory = "PARTIAL_SERVICE_HISTORY",
        /// `NO_SERVICE_HISTORY`.
        NoServiceHistory = "NO_SERVICE_HISTORY",
    }
}

autoclient_common::open_enum! {
    /// The insurance write-off category (`vehicle.writeoffCategory`).
    pub enum WriteoffCategory {
        /// `C`.
        C = "C",
        /// `D`.
        D = "D",
        /// `S`.
        S = "S",
        /// `N`.
        N = "N",
    }
}

autoclient_common::open_enum! {
    /// Whether a listing is live (`advert.state`): the recommended way to activate and deactivate an advert.
    pub enum AdvertState {
        /// `ACTIVE`.
        Active = "ACTIVE",
        /// `INACTIVE`.
        Inactive = "INACTIVE",
    }
}

autoclient_common::open_enum! {
    /// The kind of sale (`advert.auction.type`, a listing's `auction.type`, a webhook's `auction.type`). Listings document BID, BUY_NOW and SEALED_BID; the stock advert also PHYSICAL (a legacy channel).
    pub enum AuctionType {
        /// `BID`.
        Bid = "BID",
        /// `BUY_NOW`.
        BuyNow = "BUY_NOW",
        /// `SEALED_BID`.
        SealedBid = "SEALED_BID",
        /// `PHYSICAL`.
        Physical = "PHYSICAL",
    }
}

autoclient_common::open_enum! {
    /// The currency of a price. The only documented value is GBP.
    pub enum Currency {
        /// `GBP`.
        Gbp = "GBP",
    }
}

autoclient_common::open_enum! {
    /// The VAT status of the sale (`advert.tradeVatStatus`).
    pub enum TradeVatStatus {
        /// `MARGINAL`.
        Marginal = "MARGINAL",
        /// `VAT_QUALIFYING`.
        VatQualifying = "VAT_QUALIFYING",
        /// `PLUS_VAT`.
        PlusVat = "PLUS_VAT",
        /// `NO_VAT`.
        NoVat = "NO_VAT",
    }
}

autoclient_common::open_enum! {
    /// The NAMA grade (`condition.externalConditionGrade`): 1 to 5, or U.
    pub enum ConditionGrade {
        /// `1`.
        One = "1",
        /// `2`.
        Two = "2",
        /// `3`.
        Three = "3",
        /// `4`.
        Four = "4",
        /// `5`.
        Five = "5",
        /// `U`.
        U = "U",
    }
}

autoclient_common::open_enum! {
    /// The Surecheck grade (`condition.surecheckGrade`).
    pub enum SurecheckGrade {
        /// `BRONZE`.
        Bronze = "BRONZE",
        /// `SILVER`.
        Silver = "SILVER",
        /// `GOLD`.
        Gold = "GOLD",
        /// `LCV`.
        Lcv = "LCV",
        /// `EV`.
        Ev = "EV",
    }
}

autoclient_common::open_enum! {
    /// Where a damage item is (`condition.damageItems[].zone`; 33 documented zones).
    pub enum DamageZone {
        /// `WINDSCREEN`.
        Windscreen = "WINDSCREEN",
        /// `WINDSCREEN_REAR`.
        WindscreenRear = "WINDSCREEN_REAR",
        /// `BOOTLID`.
        Bootlid = "BOOTLID",
        /// `ROOF`.
        Roof = "ROOF",
        /// `BONNET`.
        Bonnet = "BONNET",
        /// `MIRROR_COVER_NEAR_SIDE`.
        MirrorCoverNearSide = "MIRROR_COVER_NEAR_SIDE",
        /// `MIRROR_COVER_FAR_SIDE`.
        MirrorCoverFarSide = "MIRROR_COVER_FAR_SIDE",
        /// `DOOR_FRONT_FAR_SIDE`.
        DoorFrontFarSide = "DOOR_FRONT_FAR_SIDE",
        /// `DOOR_FRONT_NEAR_SIDE`.
        DoorFrontNearSide = "DOOR_FRONT_NEAR_SIDE",
        /// `DOOR_REAR_FAR_SIDE`.
        DoorRearFarSide = "DOOR_REAR_FAR_SIDE",
        /// `DOOR_REAR_NEAR_SIDE`.
        DoorRearNearSide = "DOOR_REAR_NEAR_SIDE",
        /// `WING_FRONT_NEAR_SIDE`.
        WingFrontNearSide = "WING_FRONT_NEAR_SIDE",
        /// `WING_FRONT_FAR_SIDE`.
        WingFrontFarSide = "WING_FRONT_FAR_SIDE",
        /// `WING_REAR_FAR_SIDE`.
        WingRearFarSide = "WING_REAR_FAR_SIDE",
        /// `WING_REAR_NEAR_SIDE`.
        WingRearNearSide = "WING_REAR_NEAR_SIDE",
        /// `WHEELS_FRONT_NEAR_SIDE`.
        WheelsFrontNearSide = "WHEELS_FRONT_NEAR_SIDE",
        /// `WHEELS_FRONT_FAR_SIDE`.
        WheelsFrontFarSide = "WHEELS_FRONT_FAR_SIDE",
        /// `WHEELS_REAR_NEAR_SIDE`.
        WheelsRearNearSide = "WHEELS_REAR_NEAR_SIDE",
        /// `WHEELS_REAR_FAR_SIDE`.
        WheelsRearFarSide = "WHEELS_REAR_FAR_SIDE",
        /// `BUMPER_FRONT`.
        BumperFront = "BUMPER_FRONT",
        /// `BUMPER_REAR`.
        BumperRear = "BUMPER_REAR",
        /// `NUMBER_PLATE_FRONT`.
        NumberPlateFront = "NUMBER_PLATE_FRONT",
        /// `NUMBER_PLATE_REAR`.
        NumberPlateRear = "NUMBER_PLATE_REAR",
        /// `WINDOW_FRONT_NEAR_SIDE`.
        WindowFrontNearSide = "WINDOW_FRONT_NEAR_SIDE",
        /// `WINDOW_FRONT_FAR_SIDE`.
        WindowFrontFarSide = "WINDOW_FRONT_FAR_SIDE",
        /// `WINDOW_REAR_NEAR_SIDE`.
        WindowRearNearSide = "WINDOW_REAR_NEAR_SIDE",
        /// `WINDOW_REAR_FAR_SIDE`.
        WindowRearFarSide = "WINDOW_REAR_FAR_SIDE",
        /// `WINDOW_REAR_QUARTER_NEAR_SIDE`.
        WindowRearQuarterNearSide = "WINDOW_REAR_QUARTER_NEAR_SIDE",
        /// `WINDOW_REAR_QUARTER_FAR_SIDE`.
        WindowRearQuarterFarSide = "WINDOW_REAR_QUARTER_FAR_SIDE",
        /// `TAIL_LIGHT_NEAR_SIDE`.
        TailLightNearSide = "TAIL_LIGHT_NEAR_SIDE",
        /// `TAIL_LIGHT_FAR_SIDE`.
        TailLightFarSide = "TAIL_LIGHT_FAR_SIDE",
        /// `HEAD_LIGHT_NEAR_SIDE`.
        HeadLightNearSide = "HEAD_LIGHT_NEAR_SIDE",
        /// `HEAD_LIGHT_FAR_SIDE`.
        HeadLightFarSide = "HEAD_LIGHT_FAR_SIDE",
    }
}

autoclient_common::open_enum! {
    /// The kind of damage (`condition.damageItems[].damageType`; 22 documented types).
    pub enum DamageType {
        /// `BROKEN`.
        Broken = "BROKEN",
        /// `BIRD_DEPOSITS`.
        BirdDeposits = "BIRD_DEPOSITS",
        /// `CHIP`.
        Chip = "CHIP",
        /// `CRACK`.
        Crack = "CRACK",
        /// `DENT`.
        Dent = "DENT",
        /// `DENT_LOCAL_REPAIR`.
        DentLocalRepair = "DENT_LOCAL_REPAIR",
        /// `FADE`.
        Fade = "FADE",
        /// `MULTIPLE_CHIPS`.
        MultipleChips = "MULTIPLE_CHIPS",
        /// `OFF_COLOUR_PANEL`.
        OffColourPanel = "OFF_COLOUR_PANEL",
        /// `PREVIOUS_REPAIR`.
        PreviousRepair = "PREVIOUS_REPAIR",
        /// `RUST`.
        Rust = "RUST",
        /// `SCUFF`.
        Scuff = "SCUFF",
        /// `SCRATCH`.
        Scratch = "SCRATCH",
        /// `SCRATCH_LOCAL_REPAIR`.
        ScratchLocalRepair = "SCRATCH_LOCAL_REPAIR",
        /// `WHEEL_SCUFF`.
        WheelScuff = "WHEEL_SCUFF",
        /// `STAINED`.
        Stained = "STAINED",
        /// `TORN_RIPPED`.
        TornRipped = "TORN_RIPPED",
        /// `WORN`.
        Worn = "WORN",
        /// `DIRTY`.
        Dirty = "DIRTY",
        /// `MISSING`.
        Missing = "MISSING",
        /// `BURNT`.
        Burnt = "BURNT",
        /// `OTHER`.
        Other = "OTHER",
    }
}

autoclient_common::open_enum! {
    /// A fixed value classifying an image (`images[].tags[]`; 37 documented tags).
    pub enum ImageTag {
        /// `front_nearside`.
        FrontNearside = "front_nearside",
        /// `front_centre`.
        FrontCentre = "front_centre",
        /// `front_offside`.
        FrontOffside = "front_offside",
        /// `front_offside_wheel`.
        FrontOffsideWheel = "front_offside_wheel",
        /// `front_offside_tyre`.
        FrontOffsideTyre = "front_offside_tyre",
        /// `rear_offside`.
        RearOffside = "rear_offside",
        /// `rear_offside_wheel`.
        RearOffsideWheel = "rear_offside_wheel",
        /// `rear_offside_tyre`.
        RearOffsideTyre = "rear_offside_tyre",
        /// `rear_centre`.
        RearCentre = "rear_centre",
        /// `rear_nearside`.
        RearNearside = "rear_nearside",
        /// `rear_nearside_wheel`.
        RearNearsideWheel = "rear_nearside_wheel",
        /// `rear_nearside_tyre`.
        RearNearsideTyre = "rear_nearside_tyre",
        /// `front_nearside_wheel`.
        FrontNearsideWheel = "front_nearside_wheel",
        /// `front_nearside_tyre`.
        FrontNearsideTyre = "front_nearside_tyre",
        /// `passenger_seat`.
        PassengerSeat = "passenger_seat",
        /// `driver_seat`.
        DriverSeat = "driver_seat",
        /// `back_seat_row_1`.
        BackSeatRow1 = "back_seat_row_1",
        /// `back_seat_row_2`.
        BackSeatRow2 = "back_seat_row_2",
        /// `instrument_panel`.
        InstrumentPanel = "instrument_panel",
        /// `boot`.
        Boot = "boot",
        /// `charging_cable`.
        ChargingCable = "charging_cable",
        /// `keys`.
        Keys = "keys",
        /// `service_history`.
        ServiceHistory = "service_history",
        /// `convertible_roof_up`.
        ConvertibleRoofUp = "convertible_roof_up",
        /// `convertible_roof_down`.
        ConvertibleRoofDown = "convertible_roof_down",
        /// `dashboard`.
        Dashboard = "dashboard",
        /// `nearside`.
        Nearside = "nearside",
        /// `offside`.
        Offside = "offside",
        /// `infotainment`.
        Infotainment = "infotainment",
        /// `steering_wheel`.
        SteeringWheel = "steering_wheel",
        /// `damage_exterior`.
        DamageExterior = "damage_exterior",
        /// `damage_wheel`.
        DamageWheel = "damage_wheel",
        /// `damage_interior`.
        DamageInterior = "damage_interior",
        /// `damage_windscreen`.
        DamageWindscreen = "damage_windscreen",
        /// `exterior`.
        Exterior = "exterior",
        /// `interior`.
        Interior = "interior",
        /// `damage`.
        Damage = "damage",
    }
}

autoclient_common::open_enum! {
    /// The state of a listing (`status` of a listing; not the stock item's `lifecycleState`).
    pub enum ListingStatus {
        /// `IN_PROGRESS`.
        InProgress = "IN_PROGRESS",
        /// `PROVISIONAL`.
        Provisional = "PROVISIONAL",
        /// `CANCELLED`.
        Cancelled = "CANCELLED",
        /// `SOLD`.
        Sold = "SOLD",
        /// `NOT_SOLD`.
        NotSold = "NOT_SOLD",
    }
}

autoclient_common::open_enum! {
    /// The type of a buyer contact. The only value the documentation shows is USER.
    pub enum ContactType {
        /// `USER`.
        User = "USER",
    }
}
